// A message as the simulator keeps it (epoch ms, numeric prices); serializer.ts turns it into Twilio's JSON.

export type MessageStatus =
  | 'accepted'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'canceled'
  | 'received'
  | 'receiving'
  | 'read';

export type MessageDirection = 'inbound' | 'outbound-api' | 'outbound-call' | 'outbound-reply';

export interface Message {
  sid: string;
  accountSid: string;
  messagingServiceSid: string | null;
  from: string | null;
  to: string;
  body: string;
  media: MediaItem[];
  numSegments: number;
  encoding: 'GSM-7' | 'UCS-2';
  direction: MessageDirection;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  price: number | null;
  priceUnit: string;
  dateCreated: number;
  dateUpdated: number;
  dateSent: number | null;
  statusCallback: string | null;
  validityPeriodS: number;
  sendAt: number | null;
  /** When it joined its sender's queue (ValidityPeriod counts from here); null before. */
  queuedAt: number | null;
}

export interface MediaItem {
  sid: string;
  url: string;
  contentType: string;
  dateCreated: number;
}
