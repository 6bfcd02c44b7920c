// Voice TwiML as a typed tree: one node per verb, attributes read and defaulted the way Twilio documents them.
// The interpreter (session.ts) only ever sees these nodes, never XML.
import type { TwimlElement } from '../twiml/document.js';

export type Method = 'GET' | 'POST';

export interface Say {
  verb: 'Say';
  text: string;
  voice: string | null;
  loop: number;
}
export interface Play {
  verb: 'Play';
  url: string;
  loop: number;
  digits: string | null;
}
export interface Pause {
  verb: 'Pause';
  lengthS: number;
}
export interface Gather {
  verb: 'Gather';
  input: Array<'dtmf' | 'speech'>;
  numDigits: number | null;
  finishOnKey: string;
  timeoutS: number;
  action: string | null;
  method: Method;
  actionOnEmptyResult: boolean;
  prompts: Array<Say | Play | Pause>;
}
export interface Redirect {
  verb: 'Redirect';
  url: string;
  method: Method;
}
export interface Hangup {
  verb: 'Hangup';
}
export interface Reject {
  verb: 'Reject';
  reason: 'busy' | 'rejected';
}
export interface Dial {
  verb: 'Dial';
  number: string;
  action: string | null;
  method: Method;
  timeoutS: number;
  timeLimitS: number;
  callerId: string | null;
}
export interface RecordVerb {
  verb: 'Record';
  action: string | null;
  method: Method;
  maxLengthS: number;
  timeoutS: number;
  finishOnKey: string;
}
export interface Stream {
  name: string | null;
  url: string;
  track: string;
  statusCallback: string | null;
  statusCallbackMethod: Method;
  parameters: Array<{ name: string; value: string }>;
}
export interface Connect {
  verb: 'Connect';
  action: string | null;
  method: Method;
  stream: Stream | null;
}
export interface Start {
  verb: 'Start';
  stream: Stream | null;
}
export interface Stop {
  verb: 'Stop';
  streamName: string | null;
}
/** A verb Twilio has that the simulator does not act out (Conference, Enqueue, Pay…): noted, then skipped. */
export interface Unsupported {
  verb: 'Unsupported';
  name: string;
}

export type Verb = Say | Play | Pause | Gather | Redirect | Hangup | Reject | Dial | RecordVerb | Connect | Start | Stop | Unsupported;

export type VoiceDocument = { ok: true; verbs: Verb[] } | { ok: false; reason: string };

const NOT_SIMULATED = new Set([
  'Conference',
  'Enqueue',
  'Leave',
  'Pay',
  'Prompt',
  'Queue',
  'Refer',
  'Echo',
  'Sms',
  'Message',
  'Siprec',
  'Transcription',
  'Client',
  'Sip',
  'Application',
  'VirtualAgent',
  'Autopilot',
  'Room',
  'ConversationRelay',
  'Assistant',
  'Config',
]);

class TwimlError extends Error {}

function int(el: TwimlElement, name: string, fallback: number, min: number, max: number): number {
  const raw = el.attributes[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new TwimlError(`<${el.name} ${name}="${raw}"> must be a whole number from ${min} to ${max}`);
  return value;
}

function method(el: TwimlElement): Method {
  const raw = (el.attributes.method ?? 'POST').toUpperCase();
  if (raw !== 'GET' && raw !== 'POST') throw new TwimlError(`<${el.name} method="${el.attributes.method}"> must be GET or POST`);
  return raw;
}

const attr = (el: TwimlElement, name: string): string | null => {
  const value = el.attributes[name];
  return value === undefined || value === '' ? null : value;
};

function stream(el: TwimlElement | undefined): Stream | null {
  if (!el) return null;
  const url = attr(el, 'url');
  if (url === null) throw new TwimlError('<Stream> needs a url');
  return {
    name: attr(el, 'name'),
    url,
    track: el.attributes.track ?? 'inbound_track',
    statusCallback: attr(el, 'statusCallback'),
    statusCallbackMethod: (el.attributes.statusCallbackMethod ?? 'POST').toUpperCase() === 'GET' ? 'GET' : 'POST',
    parameters: el.children
      .filter((c) => c.name === 'Parameter')
      .map((p) => ({ name: p.attributes.name ?? '', value: p.attributes.value ?? '' })),
  };
}

function prompt(el: TwimlElement): Say | Play | Pause {
  const verb = toVerb(el);
  if (verb.verb !== 'Say' && verb.verb !== 'Play' && verb.verb !== 'Pause') throw new TwimlError(`<Gather> cannot hold <${el.name}>`);
  return verb;
}

function toVerb(el: TwimlElement): Verb {
  switch (el.name) {
    case 'Say':
      return { verb: 'Say', text: el.text, voice: attr(el, 'voice'), loop: int(el, 'loop', 1, 0, 1000) };
    case 'Play':
      return { verb: 'Play', url: el.text, loop: int(el, 'loop', 1, 0, 1000), digits: attr(el, 'digits') };
    case 'Pause':
      return { verb: 'Pause', lengthS: int(el, 'length', 1, 0, 86_400) };
    case 'Gather': {
      const input = (el.attributes.input ?? 'dtmf').split(/\s+/).filter(Boolean);
      if (input.some((i) => i !== 'dtmf' && i !== 'speech'))
        throw new TwimlError(`<Gather input="${el.attributes.input}"> takes dtmf and/or speech`);
      return {
        verb: 'Gather',
        input: input as Gather['input'],
        numDigits: el.attributes.numDigits === undefined ? null : int(el, 'numDigits', 1, 1, 100),
        finishOnKey: el.attributes.finishOnKey ?? '#',
        timeoutS: int(el, 'timeout', 5, 0, 3600),
        action: attr(el, 'action'),
        method: method(el),
        actionOnEmptyResult: el.attributes.actionOnEmptyResult === 'true',
        prompts: el.children.map(prompt),
      };
    }
    case 'Redirect':
      if (el.text === '') throw new TwimlError('<Redirect> needs a URL');
      return { verb: 'Redirect', url: el.text, method: method(el) };
    case 'Hangup':
      return { verb: 'Hangup' };
    case 'Reject':
      return { verb: 'Reject', reason: el.attributes.reason === 'busy' ? 'busy' : 'rejected' };
    case 'Dial': {
      const number = el.children.find((c) => c.name === 'Number')?.text ?? el.text;
      // <Dial><Conference>, <Client>, <Sip>, <Queue>… are valid TwiML the simulator does not act out: noted, skipped.
      const noun = el.children.find((c) => NOT_SIMULATED.has(c.name));
      if (number === '' && noun) return { verb: 'Unsupported', name: `Dial ${noun.name}` };
      if (number === '') throw new TwimlError('<Dial> needs a number to call');
      return {
        verb: 'Dial',
        number,
        action: attr(el, 'action'),
        method: method(el),
        timeoutS: int(el, 'timeout', 30, 5, 600),
        timeLimitS: int(el, 'timeLimit', 14_400, 1, 86_400),
        callerId: attr(el, 'callerId'),
      };
    }
    case 'Record':
      return {
        verb: 'Record',
        action: attr(el, 'action'),
        method: method(el),
        maxLengthS: int(el, 'maxLength', 3600, 1, 14_400),
        timeoutS: int(el, 'timeout', 5, 0, 3600),
        finishOnKey: el.attributes.finishOnKey ?? '1234567890*#',
      };
    case 'Connect':
      return {
        verb: 'Connect',
        action: attr(el, 'action'),
        method: method(el),
        stream: stream(el.children.find((c) => c.name === 'Stream')),
      };
    case 'Start':
      return { verb: 'Start', stream: stream(el.children.find((c) => c.name === 'Stream')) };
    case 'Stop':
      return { verb: 'Stop', streamName: el.children.find((c) => c.name === 'Stream')?.attributes.name ?? null };
    default:
      if (NOT_SIMULATED.has(el.name)) return { verb: 'Unsupported', name: el.name };
      throw new TwimlError(`<${el.name}> is not a TwiML verb`);
  }
}

/** A parsed document's <Response> as verbs, or why it is not valid Voice TwiML (Twilio's 12100). */
export function voiceVerbs(root: TwimlElement): VoiceDocument {
  if (root.name !== 'Response') return { ok: false, reason: `The root element must be <Response>, not <${root.name}>` };
  try {
    return { ok: true, verbs: root.children.map(toVerb) };
  } catch (error) {
    if (error instanceof TwimlError) return { ok: false, reason: error.message };
    throw error;
  }
}
