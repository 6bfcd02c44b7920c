// What makes a new outbound call acceptable, in the order Twilio checks: missing parameters, instructions, then
// the magic test numbers, number validity and caller-ID ownership.
import type { AccountState } from '../../kernel/accounts.js';
import { badRequest, TwilioError } from '../../kernel/errors.js';
import { phoneFacts } from '../../kernel/phone.js';
import { CALL_EVENTS, type Call, type CallEvent, type CallInstructions } from './types.js';

export interface CreateCallInput {
  to?: string;
  from?: string;
  url?: string;
  method?: string;
  fallbackUrl?: string;
  fallbackMethod?: string;
  twiml?: string;
  applicationSid?: string;
  statusCallback?: string;
  statusCallbackMethod?: string;
  statusCallbackEvents?: string[];
  timeoutS?: number;
  timeLimitS?: number;
  machineDetection?: string;
  sendDigits?: string;
  record?: boolean;
}

/** A call that passed every check: the fields of a Call the request decides. */
export type CallDraft = Pick<
  Call,
  | 'to'
  | 'from'
  | 'phoneNumberSid'
  | 'instructions'
  | 'statusCallback'
  | 'statusCallbackMethod'
  | 'statusCallbackEvents'
  | 'timeoutS'
  | 'timeLimitS'
  | 'machineDetection'
  | 'sendDigits'
  | 'record'
>;

export const MAX_INLINE_TWIML = 4000;
const DEFAULT_TIMEOUT_S = 60;
const MAX_TIMEOUT_S = 600;
const DEFAULT_TIME_LIMIT_S = 14_400;
const MACHINE_DETECTION = ['Enable', 'DetectMessageEnd'];

const reject = (code: number, message: string) => new TwilioError(code, 400, message);

/** Test-credential numbers for calls, reproduced exactly. +15005550006 passes every check as From. */
const MAGIC_CALL_FROM = new Map([
  [
    '+15005550001',
    reject(
      21212,
      "The source phone number provided, +15005550001, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased from Twilio.",
    ),
  ],
]);
const MAGIC_CALL_TO = new Map([
  // Worded as real Twilio worded them (calls-create-400-21217-1, calls-create-400-21215-1).
  ['+15005550001', reject(21217, '+15005550001 does not appear to be a valid phone number')],
  ['+15005550002', reject(21214, "'To' phone number cannot be reached")],
  [
    '+15005550003',
    reject(
      21215,
      'Account not authorized to call +15005550003. Perhaps you need to enable some international permissions: https://www.twilio.com/user/account/settings/international',
    ),
  ],
  ['+15005550004', reject(21216, 'Call blocked by Twilio blocklist')],
]);
export const MAGIC_OK_FROM = '+15005550006';

export function method(value: string | undefined, name: string): 'GET' | 'POST' {
  if (value === undefined || value === '') return 'POST';
  const upper = value.toUpperCase();
  if (upper !== 'GET' && upper !== 'POST') throw badRequest(21209, `${name} must be GET or POST, not '${value}'`);
  return upper;
}

export function instructionsUrl(value: string, name: string): string {
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return value;
  } catch {
    // reported below
  }
  throw badRequest(21205, `${name} is not a valid URL: ${value}`);
}

/** Url or Twiml (Url wins when both come), as Twilio reads them on create and on a redirect. */
export function readInstructions(
  input: Pick<CreateCallInput, 'url' | 'method' | 'fallbackUrl' | 'fallbackMethod' | 'twiml'>,
): CallInstructions | null {
  const url = input.url === undefined || input.url === '' ? null : instructionsUrl(input.url, 'Url');
  const twiml = input.twiml === undefined || input.twiml === '' ? null : input.twiml;
  if (url === null && twiml === null) return null;
  if (url === null && twiml !== null && twiml.length > MAX_INLINE_TWIML) {
    // Twilio's error 32018: "Twiml size exceeded maximum allowed value of 4000 characters".
    throw badRequest(32018, `Twiml size exceeded maximum allowed value of ${MAX_INLINE_TWIML} characters (got ${twiml.length})`);
  }
  return {
    url,
    method: method(input.method, 'Method'),
    fallbackUrl: input.fallbackUrl ? instructionsUrl(input.fallbackUrl, 'FallbackUrl') : null,
    fallbackMethod: method(input.fallbackMethod, 'FallbackMethod'),
    twiml: url === null ? twiml : null,
  };
}

export function validateNewCall(account: AccountState, input: CreateCallInput): CallDraft {
  if (!input.to) throw badRequest(21201, "No 'To' number is specified");
  if (!input.from) throw badRequest(21213, "No 'From' number is specified");
  // An ApplicationSid names a TwiML App (fixtures' `applications`): its voice URL answers the call, unless a Url or
  // Twiml is given too; one the account does not have is 21218, as at Twilio.
  const app = input.applicationSid === undefined ? undefined : account.applications.get(input.applicationSid);
  if (input.applicationSid !== undefined && !app) throw badRequest(21218, `Invalid ApplicationSid: ${input.applicationSid}`);
  const fromApp = app && input.url === undefined && input.twiml === undefined;
  const instructions = readInstructions(
    fromApp ? { url: app.voiceUrl, method: app.voiceMethod, fallbackUrl: app.voiceFallbackUrl, fallbackMethod: 'POST' } : input,
  );
  if (!instructions) throw badRequest(21205, 'Url parameter is required.');

  const magicFrom = MAGIC_CALL_FROM.get(input.from);
  if (magicFrom) throw magicFrom;
  const magicTo = MAGIC_CALL_TO.get(input.to);
  if (magicTo) throw magicTo;

  const to = phoneFacts(input.to);
  if (!to?.valid) throw badRequest(21211, `Invalid 'To' Phone Number: ${input.to}`);
  const from = phoneFacts(input.from);
  if (!from) throw badRequest(21212, `Invalid 'From' Phone Number: ${input.from}`);
  const owned = account.numberByPhone(from.e164);
  if (from.e164 !== MAGIC_OK_FROM && !owned?.capabilities.voice) {
    throw badRequest(
      21210,
      `The source phone number provided, ${from.e164}, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased from Twilio.`,
    );
  }

  const events = input.statusCallbackEvents ?? [];
  const unknown = events.flatMap((e) => e.split(/[\s,]+/)).filter((e) => e !== '' && !CALL_EVENTS.includes(e as CallEvent));
  if (unknown.length > 0) throw badRequest(21626, `Invalid 'StatusCallbackEvent': ${unknown.join(', ')}`);
  const subscribed = events.flatMap((e) => e.split(/[\s,]+/)).filter((e): e is CallEvent => e !== '');

  const timeoutS = input.timeoutS ?? DEFAULT_TIMEOUT_S;
  if (!Number.isInteger(timeoutS) || timeoutS < 1) throw badRequest(21207, `Timeout must be a positive number of seconds`);
  const timeLimitS = input.timeLimitS ?? DEFAULT_TIME_LIMIT_S;
  if (!Number.isInteger(timeLimitS) || timeLimitS < 1 || timeLimitS > DEFAULT_TIME_LIMIT_S * 6) {
    throw badRequest(20001, 'TimeLimit must be a positive whole number of seconds');
  }
  if (input.machineDetection !== undefined && !MACHINE_DETECTION.includes(input.machineDetection)) {
    throw badRequest(20001, `MachineDetection must be Enable or DetectMessageEnd, not '${input.machineDetection}'`);
  }
  if (input.sendDigits !== undefined && !/^[0-9*#wW]{0,32}$/.test(input.sendDigits)) {
    throw badRequest(21208, `SendDigits may hold only 0-9, *, #, w and W`);
  }
  return {
    to: to.e164,
    from: from.e164,
    phoneNumberSid: owned?.sid ?? null,
    instructions,
    statusCallback: input.statusCallback ?? (fromApp ? (app.statusCallback ?? null) : null),
    statusCallbackMethod: method(input.statusCallbackMethod, 'StatusCallbackMethod'),
    // Default: only `completed`.
    statusCallbackEvents: subscribed.length > 0 ? [...new Set(subscribed)] : ['completed'],
    // Twilio caps a longer Timeout at 600 s rather than refusing it.
    timeoutS: Math.min(timeoutS, MAX_TIMEOUT_S),
    timeLimitS,
    machineDetection: input.machineDetection ?? null,
    sendDigits: input.sendDigits || null,
    record: input.record ?? false,
  };
}
