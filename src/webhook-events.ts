// Typed events for what Twilio POSTs to us: message status callbacks, inbound SMS and call progress callbacks.
// Mapping is by the fields present, so one endpoint can take all three; nothing unrecognised is dropped.

/** Fields every SMS event carries. `status` is Twilio's raw MessageStatus / SmsStatus. */
interface SmsEventBase {
  messageSid: string;
  accountSid: string;
  from: string;
  to: string;
  status: string;
  errorCode?: number;
  numSegments?: number;
  numMedia?: number;
  /** The form exactly as posted (first value of any repeated key). */
  raw: Record<string, string>;
}

/**
 * Outbound message progress. `sms.failed` covers both `failed` (never left Twilio) and `undelivered` (carrier gave
 * up) — tell them apart by `status`. `sms.status` carries any other status (queued, sending, canceled, read…).
 */
export interface SmsStatusEvent extends SmsEventBase {
  type: 'sms.sent' | 'sms.delivered' | 'sms.failed' | 'sms.status';
}

/** An inbound message to one of our numbers (SmsStatus=received). */
export interface SmsReceivedEvent extends SmsEventBase {
  type: 'sms.received';
  body: string;
  /** MediaUrl0…MediaUrlN, in order. */
  mediaUrls: string[];
}

/** A call's terminal statuses, each its own event type; {@link isCallEnded} matches any of them. */
export type VoiceEndedType = 'voice.completed' | 'voice.busy' | 'voice.no-answer' | 'voice.failed' | 'voice.canceled';

/**
 * A call progress callback (CallbackSource=call-progress-events). `voice.answered` arrives with callStatus
 * `in-progress`; each terminal status has its own type (completed, busy, no-answer, failed, canceled) and
 * {@link isCallEnded} tells "the call is over" for all of them. `voice.status` carries anything unrecognised.
 * Twilio does not promise arrival order: sort by sequenceNumber.
 */
export interface VoiceStatusEvent {
  type: 'voice.initiated' | 'voice.ringing' | 'voice.answered' | VoiceEndedType | 'voice.status';
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
  callStatus: string;
  direction?: string;
  /** Order of this callback within the call (0, 1, 2…); callbacks can arrive out of order. */
  sequenceNumber?: number;
  /** Billed minutes (`completed` only). */
  duration?: number;
  /** Call length in seconds (terminal events). */
  callDuration?: number;
  sipResponseCode?: number;
  /** human, machine_start, machine_end_beep… when machine detection was asked for. */
  answeredBy?: string;
  timestamp?: string;
  raw: Record<string, string>;
}

/**
 * Twilio asking what to do with a call: the voice URL on answer (outbound, CallStatus in-progress) or on an
 * incoming call (ringing), or a TwiML action (Gather digits/speech, Dial result). The router answers it with the
 * TwiML the app's `onVoiceRequest` returns.
 */
export interface VoiceRequestEvent {
  type: 'voice.request';
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
  callStatus: string;
  direction?: string;
  /** Keys pressed, from a <Gather> action. */
  digits?: string;
  /** Recognised speech, from a <Gather input="speech"> action. */
  speechResult?: string;
  answeredBy?: string;
  raw: Record<string, string>;
}

/** A signed Twilio request that is neither a message nor a call callback (recordings, transcriptions…). */
export interface UnknownWebhookEvent {
  type: 'unknown';
  raw: Record<string, string>;
}

export type SmsEvent = SmsStatusEvent | SmsReceivedEvent;
export type VoiceEvent = VoiceStatusEvent | VoiceRequestEvent;
export type WebhookEvent = SmsEvent | VoiceEvent | UnknownWebhookEvent;
export type WebhookEventType = WebhookEvent['type'];
/** The event type for a given `type` string, e.g. EventOfType<'sms.received'> is SmsReceivedEvent. */
export type EventOfType<K extends WebhookEventType> = K extends SmsReceivedEvent['type']
  ? SmsReceivedEvent
  : K extends SmsStatusEvent['type']
    ? SmsStatusEvent & { type: K }
    : K extends VoiceStatusEvent['type']
      ? VoiceStatusEvent & { type: K }
      : K extends VoiceRequestEvent['type']
        ? VoiceRequestEvent
        : UnknownWebhookEvent;

const SMS_TYPES: Record<string, SmsStatusEvent['type']> = {
  sent: 'sms.sent',
  delivered: 'sms.delivered',
  failed: 'sms.failed',
  undelivered: 'sms.failed',
};

const VOICE_TYPES: Record<string, VoiceStatusEvent['type']> = {
  // The `initiated` callback; Twilio's docs name the step "initiated" while the call resource still says queued.
  queued: 'voice.initiated',
  initiated: 'voice.initiated',
  ringing: 'voice.ringing',
  // The `answered` callback reports CallStatus=in-progress.
  'in-progress': 'voice.answered',
  answered: 'voice.answered',
  completed: 'voice.completed',
  busy: 'voice.busy',
  'no-answer': 'voice.no-answer',
  failed: 'voice.failed',
  canceled: 'voice.canceled',
};

const ENDED: ReadonlySet<string> = new Set<VoiceEndedType>([
  'voice.completed',
  'voice.busy',
  'voice.no-answer',
  'voice.failed',
  'voice.canceled',
]);

/** True for the callback that says a call is over, whichever way it ended: `router.events.next(isCallEnded)`. */
export function isCallEnded(event: WebhookEvent): event is VoiceStatusEvent & { type: VoiceEndedType } {
  return ENDED.has(event.type);
}

// A status callback says where it comes from and counts itself; a request for TwiML does neither, and only comes
// while the call is live (ringing inbound, in-progress outbound or during an action).
function isStatusCallback(raw: Record<string, string>): boolean {
  return raw.CallbackSource !== undefined || raw.SequenceNumber !== undefined || !['ringing', 'in-progress'].includes(raw.CallStatus ?? '');
}

/** Map a (parsed) Twilio webhook form to a typed event. */
export function toWebhookEvent(form: Record<string, unknown>): WebhookEvent {
  const raw = flatten(form);
  const callSid = raw.CallSid;
  const messageSid = raw.MessageSid ?? raw.SmsSid ?? raw.SmsMessageSid;

  if (callSid && raw.CallStatus !== undefined && !raw.MessageStatus) {
    const callStatus = raw.CallStatus;
    if (!isStatusCallback(raw)) {
      return compact({
        type: 'voice.request' as const,
        callSid,
        accountSid: raw.AccountSid ?? '',
        from: raw.From ?? '',
        to: raw.To ?? '',
        callStatus,
        direction: raw.Direction,
        digits: raw.Digits,
        speechResult: raw.SpeechResult,
        answeredBy: raw.AnsweredBy,
        raw,
      });
    }
    return compact({
      type: VOICE_TYPES[callStatus] ?? 'voice.status',
      callSid,
      accountSid: raw.AccountSid ?? '',
      from: raw.From ?? '',
      to: raw.To ?? '',
      callStatus,
      direction: raw.Direction,
      sequenceNumber: int(raw.SequenceNumber),
      duration: int(raw.Duration),
      callDuration: int(raw.CallDuration),
      sipResponseCode: int(raw.SipResponseCode),
      answeredBy: raw.AnsweredBy,
      timestamp: raw.Timestamp,
      raw,
    });
  }

  if (messageSid) {
    const status = raw.MessageStatus ?? raw.SmsStatus ?? '';
    const base = {
      messageSid,
      accountSid: raw.AccountSid ?? '',
      from: raw.From ?? '',
      to: raw.To ?? '',
      status,
      errorCode: int(raw.ErrorCode),
      numSegments: int(raw.NumSegments),
      numMedia: int(raw.NumMedia),
      raw,
    };
    if (status === 'received') {
      return compact({ type: 'sms.received' as const, ...base, body: raw.Body ?? '', mediaUrls: mediaUrls(raw) });
    }
    return compact({ type: SMS_TYPES[status] ?? 'sms.status', ...base });
  }

  return { type: 'unknown', raw };
}

function flatten(form: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== null) out[key] = String(first);
  }
  return out;
}

function int(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

function mediaUrls(raw: Record<string, string>): string[] {
  const urls: string[] = [];
  for (let i = 0; raw[`MediaUrl${i}`] !== undefined; i++) urls.push(raw[`MediaUrl${i}`] as string);
  return urls;
}

// Optional fields are left out rather than set to undefined, so events compare cleanly with toEqual/deepEqual.
function compact<T extends object>(event: T): T {
  for (const key of Object.keys(event) as (keyof T)[]) if (event[key] === undefined) delete event[key];
  return event;
}
