// The shape of fixtures/*.json once loaded. Loading (files, env overrides) happens outside the engine; the engine
// only receives data.

export interface NumberFixture {
  sid: string;
  phoneNumber: string;
  friendlyName?: string;
  capabilities?: Partial<{ voice: boolean; sms: boolean; mms: boolean; fax: boolean }>;
  smsUrl?: string | null;
  voiceUrl?: string | null;
}

export interface TwimlAppFixture {
  sid: string;
  friendlyName?: string;
  voiceUrl: string;
  voiceMethod?: 'GET' | 'POST';
  voiceFallbackUrl?: string;
  statusCallback?: string;
}

export interface AccountFixture {
  sid: string;
  authToken: string;
  friendlyName?: string;
  currency?: string;
  apiKeys?: { sid: string; secret: string }[];
  numbers?: NumberFixture[];
  messagingServices?: { sid: string; friendlyName?: string; senders: string[] }[];
  /** TwiML Apps (AP…) a call's ApplicationSid can name: where its voice TwiML comes from. */
  applications?: TwimlAppFixture[];
  /** Set for a subaccount (made through the Accounts API): its parent. */
  ownerSid?: string;
  /** Run this account on a virtual clock of its own (its suite's time moves apart from everyone else's). */
  ownClock?: boolean;
}

export interface PriceTable {
  currency: string;
  /** Outbound SMS price per segment by ISO country, with a `default`. */
  sms: Record<string, number>;
  smsInbound?: Record<string, number>;
  /** Outbound voice price per started minute by ISO country, with a `default`. */
  voice?: Record<string, number>;
}

/**
 * A recipient's script. With `outcome` it scripts SMS delivery (resources/messages/scenarios.ts); with `call` it
 * scripts how the callee answers (resources/calls). The kernel only stores them; each resource reads its own.
 */
export interface ScenarioFixture {
  /** Recipient (E.164) the scenario applies to. */
  to: string;
  outcome?: 'delivered' | 'undelivered' | 'failed' | 'slow' | 'never';
  errorCode?: number;
  /** For `slow`: how long the carrier takes to confirm delivery. */
  delayMs?: number;
  call?: Record<string, unknown>;
  note?: string;
}

export interface Fixtures {
  accounts: AccountFixture[];
  prices: PriceTable;
  scenarios: ScenarioFixture[];
}
