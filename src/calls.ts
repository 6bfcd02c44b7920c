// Outbound call inputs: types and the checks made before any request, so a mistake costs no call attempt.
import type twilio from 'twilio';
import type { RecipientLocation } from './compliance/calling-hours.js';
import { toE164, type CountryCode } from './numbers.js';

type VoiceResponse = twilio.twiml.VoiceResponse;

/** A call resource's status. `initiated` is a callback event only, never a status. */
export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

/** Progress events a status callback can ask for (Twilio's StatusCallbackEvent; default `completed` alone). */
export type CallProgressEvent = 'initiated' | 'ringing' | 'answered' | 'completed';
const PROGRESS_EVENTS: ReadonlySet<string> = new Set<CallProgressEvent>(['initiated', 'ringing', 'answered', 'completed']);

/** Where the call's instructions come from: a URL Twilio asks on answer, or TwiML given up front. */
export type CallInstructions =
  | { url: string; method?: 'GET' | 'POST'; twiml?: undefined }
  | { twiml: string | VoiceResponse; url?: undefined };

export type InitiateCallInput = CallInstructions & {
  /** A number the account owns (national or E.164); sender IDs cannot place calls. */
  from: string;
  to: string;
  statusCallback?: string;
  /** Which progress events to report to statusCallback (needs statusCallback). */
  events?: readonly CallProgressEvent[];
  /** Answering machine detection; the answer then carries AnsweredBy. */
  machineDetection?: 'Enable' | 'DetectMessageEnd';
  /** Seconds to let it ring before giving up as no-answer (Twilio: 1–600, default 60). */
  timeout?: number;
  /** The recipient's state or time zone, for the compliance guard's calling hours (default: every AU zone). */
  recipient?: RecipientLocation;
  /** Set false for a call that is not telemarketing (a service call): the compliance guard is skipped. */
  telemarketing?: boolean;
};

export interface CallResult {
  callSid: string;
  status: CallStatus;
}

// Twilio refuses a Twiml parameter over 4000 characters; say so before spending a request on it.
const MAX_TWIML = 4000;
const CALL_SID = /^CA[0-9a-f]{32}$/;

/** SDK parameters for calls.create, or a typed error (InvalidPhoneNumberError, TypeError, RangeError). */
export function callCreateParams(input: InitiateCallInput, country: CountryCode) {
  const from = toE164(input.from, country);
  const to = toE164(input.to, country);
  const instructions = instructionParams(input, 'initiateCall');
  if (input.events !== undefined) {
    if (input.statusCallback === undefined) throw new TypeError('initiateCall: events need a statusCallback to be sent to');
    const unknown = input.events.filter((e) => !PROGRESS_EVENTS.has(e));
    if (unknown.length > 0) throw new TypeError(`initiateCall: unknown call progress events ${unknown.join(', ')}`);
  }
  if (input.timeout !== undefined && !(Number.isInteger(input.timeout) && input.timeout >= 1 && input.timeout <= 600)) {
    throw new RangeError('initiateCall: timeout is whole seconds from 1 to 600');
  }
  return {
    from,
    to,
    ...instructions,
    ...(input.statusCallback !== undefined ? { statusCallback: input.statusCallback } : {}),
    ...(input.events !== undefined ? { statusCallbackEvent: [...input.events] } : {}),
    ...(input.machineDetection !== undefined ? { machineDetection: input.machineDetection } : {}),
    ...(input.timeout !== undefined ? { timeout: input.timeout } : {}),
  };
}

/** `{ url, method? }` or `{ twiml }` (exactly one), as SDK parameters. */
export function instructionParams(input: CallInstructions, op: string): { url: string; method?: string } | { twiml: string } {
  const hasUrl = input.url !== undefined;
  const hasTwiml = input.twiml !== undefined;
  if (hasUrl === hasTwiml) throw new TypeError(`${op} needs exactly one of url or twiml`);
  if (input.url !== undefined) {
    if (!/^https?:\/\//i.test(input.url)) throw new TypeError(`${op}: url must be an absolute http(s) URL`);
    return { url: input.url, ...(input.method !== undefined ? { method: input.method } : {}) };
  }
  const twiml = String(input.twiml);
  if (twiml.length > MAX_TWIML) throw new RangeError(`${op}: twiml is ${twiml.length} characters; Twilio takes at most ${MAX_TWIML}`);
  return { twiml };
}

export function checkCallSid(callSid: string, op: string): void {
  if (!CALL_SID.test(callSid)) throw new TypeError(`${op}: not a call SID: ${JSON.stringify(callSid)}`);
}
