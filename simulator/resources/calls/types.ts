// A call as the simulator keeps it (epoch ms, numeric prices); serializer.ts turns it into Twilio's JSON.

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
export type CallDirection = 'inbound' | 'outbound-api' | 'outbound-dial';
/** Status callback events an app can subscribe to. `initiated` is an event, never a status. */
export type CallEvent = 'initiated' | 'ringing' | 'answered' | 'completed';
export const CALL_EVENTS: readonly CallEvent[] = ['initiated', 'ringing', 'answered', 'completed'];

export interface CallInstructions {
  /** Where the call's TwiML comes from: a URL (with method and fallback) or an inline document. */
  url: string | null;
  method: 'GET' | 'POST';
  fallbackUrl: string | null;
  fallbackMethod: 'GET' | 'POST';
  twiml: string | null;
}

export interface Call {
  sid: string;
  accountSid: string;
  parentCallSid: string | null;
  to: string;
  from: string;
  phoneNumberSid: string | null;
  direction: CallDirection;
  status: CallStatus;
  instructions: CallInstructions;
  statusCallback: string | null;
  statusCallbackMethod: 'GET' | 'POST';
  statusCallbackEvents: CallEvent[];
  /** Ring for at most this long before giving up (no-answer). */
  timeoutS: number;
  timeLimitS: number;
  machineDetection: string | null;
  sendDigits: string | null;
  record: boolean;
  answeredBy: string | null;
  sipResponseCode: number | null;
  /** When its CPS slot comes: it leaves the queue (the `initiated` event) then. */
  dialAt: number;
  queueTimeMs: number;
  startTime: number | null;
  answerTime: number | null;
  endTime: number | null;
  /** Seconds from answer to end; null until the call ends, and for calls never answered. */
  durationS: number | null;
  price: number | null;
  priceUnit: string;
  dateCreated: number;
  dateUpdated: number;
  /** Status callbacks sent so far (SequenceNumber of the next one). */
  callbacksSent: number;
}
