// The form fields Twilio posts about a call: the common voice request parameters (to the TwiML URL and action
// URLs) and the status callback's extras (CallbackSource, SequenceNumber, Timestamp, durations, SIP code).
import { phoneFacts } from '../../kernel/phone.js';
import { rfc2822 } from '../../wire/format.js';
import type { Call, CallEvent } from './types.js';

const API_VERSION = '2010-04-01';

function geo(prefix: 'From' | 'To' | 'Caller' | 'Called', number: string): Record<string, string> {
  // City/state/zip are only known for North American numbers at Twilio; elsewhere they arrive empty.
  return { [`${prefix}Country`]: phoneFacts(number)?.country ?? '', [`${prefix}City`]: '', [`${prefix}State`]: '', [`${prefix}Zip`]: '' };
}

/** What every voice request carries (TwiML URL, action URLs, status callbacks). */
export function voiceParams(call: Call, callStatus: string): Record<string, string> {
  const params: Record<string, string> = {
    AccountSid: call.accountSid,
    ApiVersion: API_VERSION,
    CallSid: call.sid,
    CallStatus: callStatus,
    Called: call.to,
    Caller: call.from,
    Direction: call.direction,
    From: call.from,
    To: call.to,
    ...geo('From', call.from),
    ...geo('To', call.to),
    ...geo('Caller', call.from),
    ...geo('Called', call.to),
  };
  if (call.parentCallSid) params.ParentCallSid = call.parentCallSid;
  if (call.answeredBy) params.AnsweredBy = call.answeredBy;
  return params;
}

/** A status callback for one subscribed event. */
export function statusCallbackParams(call: Call, event: CallEvent, sequenceNumber: number, now: number): Record<string, string> {
  const callStatus = event === 'initiated' ? 'initiated' : call.status;
  const params: Record<string, string> = {
    ...voiceParams(call, callStatus),
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(sequenceNumber),
    Timestamp: rfc2822(now),
  };
  if (event === 'completed') {
    params.CallDuration = String(call.durationS ?? 0);
    if (call.sipResponseCode !== null) params.SipResponseCode = String(call.sipResponseCode);
    // Duration is billed minutes, on `completed` only.
    if (call.status === 'completed') params.Duration = String(Math.ceil((call.durationS ?? 0) / 60));
  }
  return params;
}
