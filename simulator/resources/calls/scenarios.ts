// How a callee answers, per number: the 'call' kind of script in the kernel's scenario book. The default callee
// answers after a few seconds of ringing and stays on the line until the TwiML ends.
import { badRequest } from '../../kernel/errors.js';
import type { ScenarioBook } from '../../kernel/scenarios.js';

export type CalleeAnswer = 'answer' | 'busy' | 'no-answer' | 'failed' | 'reject';
export const CALLEE_ANSWERS: readonly CalleeAnswer[] = ['answer', 'busy', 'no-answer', 'failed', 'reject'];
const ANSWERED_BY = ['human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown'];

export interface TimedInput {
  /** Milliseconds after the call is answered. */
  atMs: number;
}

export interface CalleeScript {
  answer: CalleeAnswer;
  /** How long it rings before the callee acts (answers, rejects, is busy). */
  ringMs: number;
  /** With MachineDetection: what Twilio decides answered. */
  answeredBy: string;
  /** The callee hangs up this long after answering; null: stays until the TwiML ends. */
  hangUpAfterMs: number | null;
  /** Keys the callee presses, at times after answer. */
  digits: Array<TimedInput & { digits: string }>;
  /** What the callee says, at times after answer (returned as SpeechResult by <Gather input="speech">). */
  speech: Array<TimedInput & { text: string; confidence: number }>;
  /** Audio clips the callee plays into a Media Stream (WAVs in fixtures/audio, by name), at times after answer. */
  audio: Array<TimedInput & { clip: string }>;
  /** Twilio does not promise callback order; `shuffled` delivers this call's status callbacks unordered. */
  callbackOrder: 'ordered' | 'shuffled';
}

export const CALL = 'call';
export const DEFAULT_RING_MS = 3_000;
const MAX_MS = 4 * 60 * 60 * 1000;

const DEFAULT_CALLEE: CalleeScript = {
  answer: 'answer',
  ringMs: DEFAULT_RING_MS,
  answeredBy: 'human',
  hangUpAfterMs: null,
  digits: [],
  speech: [],
  audio: [],
  callbackOrder: 'ordered',
};

function ms(value: unknown, name: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= MAX_MS)) throw badRequest(20001, `'${name}' must be 0 to ${MAX_MS} ms`);
  return value;
}

function list(value: unknown, name: string): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 100 || value.some((v) => typeof v !== 'object' || v === null)) {
    throw badRequest(20001, `'${name}' must be a list of at most 100 objects`);
  }
  return value as Record<string, unknown>[];
}

/** A script from JSON (fixtures or the control API), every field checked. */
export function calleeScript(input: Record<string, unknown>): CalleeScript {
  const answer = (input.answer ?? 'answer') as CalleeAnswer;
  if (!CALLEE_ANSWERS.includes(answer)) throw badRequest(20001, `'answer' must be one of ${CALLEE_ANSWERS.join(', ')}`);
  const answeredBy = input.answeredBy ?? 'human';
  if (typeof answeredBy !== 'string' || !ANSWERED_BY.includes(answeredBy)) {
    throw badRequest(20001, `'answeredBy' must be one of ${ANSWERED_BY.join(', ')}`);
  }
  const order = input.callbackOrder ?? 'ordered';
  if (order !== 'ordered' && order !== 'shuffled') throw badRequest(20001, "'callbackOrder' must be ordered or shuffled");
  return {
    answer,
    ringMs: input.ringMs === undefined ? DEFAULT_RING_MS : ms(input.ringMs, 'ringMs'),
    answeredBy,
    hangUpAfterMs: input.hangUpAfterMs === undefined || input.hangUpAfterMs === null ? null : ms(input.hangUpAfterMs, 'hangUpAfterMs'),
    digits: list(input.digits, 'digits').map((d) => {
      // Keys only, as the live input takes them: a SendDigits-style "w" (wait) is not a key a Gather could hear.
      if (typeof d.digits !== 'string' || !/^[0-9*#]{1,32}$/.test(d.digits))
        throw badRequest(20001, "'digits' entries need digits of 0-9 * #");
      return { atMs: ms(d.atMs, 'digits[].atMs'), digits: d.digits };
    }),
    speech: list(input.speech, 'speech').map((s) => {
      if (typeof s.text !== 'string' || s.text.length === 0 || s.text.length > 1000) throw badRequest(20001, "'speech' entries need text");
      const confidence = s.confidence === undefined ? 0.92 : s.confidence;
      if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) throw badRequest(20001, "'confidence' must be 0 to 1");
      return { atMs: ms(s.atMs, 'speech[].atMs'), text: s.text, confidence };
    }),
    audio: list(input.audio, 'audio').map((a) => {
      if (typeof a.clip !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(a.clip))
        throw badRequest(20001, "'audio' entries need a clip: the name of a WAV in fixtures/audio, without .wav");
      return { atMs: ms(a.atMs, 'audio[].atMs'), clip: a.clip };
    }),
    callbackOrder: order,
  };
}

export const calleeFor = (book: ScenarioBook, accountSid: string, to: string): CalleeScript =>
  book.get<CalleeScript>(accountSid, CALL, to) ?? DEFAULT_CALLEE;
