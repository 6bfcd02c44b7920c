// Domain types. These are the simulator's own model, not Twilio's wire shapes: times are epoch milliseconds,
// prices are numbers, absent values are null. simulator/wire turns them into what Twilio sends.

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

export const FINAL_MESSAGE_STATUSES: ReadonlySet<MessageStatus> = new Set<MessageStatus>([
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'received',
  'read',
]);

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
}

export interface MediaItem {
  sid: string;
  url: string;
  contentType: string;
  dateCreated: number;
}

export interface OwnedNumber {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
  smsUrl: string | null;
  smsMethod: 'GET' | 'POST';
  smsFallbackUrl: string | null;
  smsFallbackMethod: 'GET' | 'POST';
  voiceUrl: string | null;
  voiceMethod: 'GET' | 'POST';
  voiceFallbackUrl: string | null;
  voiceFallbackMethod: 'GET' | 'POST';
  voiceCallerIdLookup: boolean;
  statusCallback: string | null;
  statusCallbackMethod: 'GET' | 'POST';
  dateCreated: number;
  dateUpdated: number;
}

export interface MessagingService {
  sid: string;
  friendlyName: string;
  senders: string[];
}

export interface ApiKey {
  sid: string;
  secret: string;
}

export interface Account {
  sid: string;
  authToken: string;
  friendlyName: string;
  currency: string;
  apiKeys: ApiKey[];
  dateCreated: number;
}
