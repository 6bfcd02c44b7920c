// Domain types. These are the simulator's own model, not Twilio's wire shapes: times are epoch milliseconds,
// prices are numbers, absent values are null. simulator/wire turns them into what Twilio sends.

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

export type AccountStatus = 'active' | 'suspended' | 'closed';

export interface Account {
  sid: string;
  authToken: string;
  friendlyName: string;
  currency: string;
  apiKeys: ApiKey[];
  /** The parent's SID for a subaccount; its own SID for a main account. */
  ownerSid: string;
  status: AccountStatus;
  dateCreated: number;
  dateUpdated: number;
}

/** A number as the account first holds it: Twilio's defaults (POST everywhere, no URLs, no caller-ID lookup). */
export function ownedNumber(
  fields: Pick<OwnedNumber, 'sid' | 'accountSid' | 'phoneNumber' | 'friendlyName' | 'capabilities'> &
    Partial<Pick<OwnedNumber, 'smsUrl' | 'voiceUrl'>>,
  now: number,
): OwnedNumber {
  return {
    smsUrl: null,
    smsMethod: 'POST',
    smsFallbackUrl: null,
    smsFallbackMethod: 'POST',
    voiceUrl: null,
    voiceMethod: 'POST',
    voiceFallbackUrl: null,
    voiceFallbackMethod: 'POST',
    voiceCallerIdLookup: false,
    statusCallback: null,
    statusCallbackMethod: 'POST',
    ...fields,
    dateCreated: now,
    dateUpdated: now,
  };
}
