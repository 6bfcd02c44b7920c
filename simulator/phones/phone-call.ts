// A call as a person's phone sees it: ringing until they act, then what the call says and plays, the keys they
// press and the words they speak, until someone hangs up. It acts through the calls resource (answer, reject, hang
// up) and the call's voice session (input); what it hears is the call's own timeline.
import type { AccountState } from '../kernel/accounts.js';
import type { CallService } from '../resources/calls/model.js';
import type { Call, CallStatus } from '../resources/calls/types.js';
import type { VoiceSessions } from '../voice/sessions.js';
import { describeCall } from './describe.js';
import { PhoneExpectationError } from './expectation-error.js';
import { describeMatcher, type Matcher, matches } from './matching.js';
import { DEFAULT_WAIT_MS, type Waiter } from './waiting.js';

export interface CallEnv {
  calls: CallService;
  voice: VoiceSessions;
  waiter: Waiter;
}

/** Something the person heard: the text of a <Say>, or the URL of a <Play>. */
export interface Heard {
  kind: 'say' | 'play';
  text: string;
  at: number;
}

export interface HeardMatch extends Heard {
  /** The whole match, then a regular expression's groups. */
  groups: string[];
}

const FINAL: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const DIGITS = /^[0-9*#]{1,32}$/;

export class PhoneCall {
  /** 'incoming': the app called this phone; 'outgoing': this phone dialled the app. */
  readonly direction: 'incoming' | 'outgoing';
  /** How far expectSay has read: what the person heard before is behind them. */
  #heardUpTo = 0;
  #release: (() => void) | null = null;

  constructor(
    private readonly env: CallEnv,
    private readonly account: AccountState,
    readonly call: Call,
    direction: 'incoming' | 'outgoing',
  ) {
    this.direction = direction;
  }

  get sid(): string {
    return this.call.sid;
  }
  get from(): string {
    return this.call.from;
  }
  get to(): string {
    return this.call.to;
  }
  get status(): CallStatus {
    return this.call.status;
  }

  /** The device holds the line for this call until it ends (see held-line.ts). */
  holdWith(release: () => void): void {
    this.#release = release;
    if (FINAL.has(this.call.status)) this.ended();
  }

  /** The call reached a final status: the line goes back to the number's script. */
  ended(): void {
    this.#release?.();
    this.#release = null;
  }

  /** Pick up a ringing call: the app's TwiML starts. */
  answer(): void {
    this.#mustRing('answer');
    this.env.calls.answer(this.call);
  }

  /** Decline it: the caller sees no-answer at once, as when a person declines on their handset. */
  reject(): void {
    this.#mustRing('reject');
    this.env.calls.reject(this.call, 'rejected');
  }

  /** A busy signal: the caller sees busy. */
  busy(): void {
    this.#mustRing('busy');
    this.env.calls.reject(this.call, 'busy');
  }

  /** Let it ring: the caller gives up after its Timeout (no-answer) as the clock moves on. */
  ignore(): void {
    this.#mustRing('ignore');
  }

  /** Hang up; a call that already ended stays as it is. */
  hangUp(): void {
    this.env.calls.hangUp(this.call, 'the person hung up');
  }

  /** Everything said and played on the call so far. */
  heard(): Heard[] {
    const heard: Heard[] = [];
    for (const e of this.env.calls.timeline(this.account, this.call.sid)) {
      if (e.kind !== 'verb') continue;
      if (e.name === 'Say') heard.push({ kind: 'say', text: String(e.detail?.text ?? ''), at: e.at });
      else if (e.name === 'Play') heard.push({ kind: 'play', text: String(e.detail?.url ?? ''), at: e.at });
    }
    return heard;
  }

  /**
   * Wait until the call says (or plays) something that matches. What was heard before it is passed over, so
   * successive expectSay calls follow the conversation in order.
   */
  async expectSay(matcher: Matcher, options: { timeoutMs?: number } = {}): Promise<HeardMatch> {
    const found = await this.env.waiter.until(
      this.call.accountSid,
      () => {
        const heard = this.heard();
        for (let i = this.#heardUpTo; i < heard.length; i++) {
          const m = matches(matcher, heard[i]!.text);
          if (m) {
            this.#heardUpTo = i + 1;
            return { ...heard[i]!, groups: m.groups };
          }
        }
        // A call that ended says nothing more.
        return FINAL.has(this.call.status) ? null : undefined;
      },
      options.timeoutMs,
    );
    if (found) return found;
    const heard = this.heard().slice(this.#heardUpTo);
    const said =
      heard.length === 0
        ? 'it said nothing new'
        : `it said:\n    ${heard.map((h) => `${h.kind === 'say' ? 'Say' : 'Play'} ${JSON.stringify(h.text)}`).join('\n    ')}`;
    const why = found === null ? 'the call ended first' : `nothing matched within ${waited(options.timeoutMs)}`;
    throw new PhoneExpectationError(
      'timeout',
      `expected call ${this.sid} to say ${describeMatcher(matcher)}, but ${why}; ${said}\n  ${this.#story()}`,
    );
  }

  /** Press keys into the <Gather> that is listening now. */
  async press(digits: string): Promise<void> {
    if (!DIGITS.test(digits)) throw new PhoneExpectationError('state', `press('${digits}'): keys are 0-9, * and #, at most 32`);
    this.#input(`press('${digits}')`, { digits });
  }

  /** Say a phrase to the <Gather input="speech"> that is listening now (it arrives as SpeechResult). */
  async say(speech: string, options: { confidence?: number } = {}): Promise<void> {
    if (speech.length === 0 || speech.length > 1000)
      throw new PhoneExpectationError('state', 'say(): the phrase must be 1 to 1000 characters');
    const confidence = options.confidence ?? 0.92;
    if (!(confidence >= 0 && confidence <= 1)) throw new PhoneExpectationError('state', 'say(): confidence must be 0 to 1');
    this.#input(`say(${JSON.stringify(speech)})`, { speech, confidence });
  }

  /** Wait for the call to end, however it ends; its final status. */
  async waitForHangup(options: { timeoutMs?: number } = {}): Promise<CallStatus> {
    const status = await this.env.waiter.until(
      this.call.accountSid,
      () => (FINAL.has(this.call.status) ? this.call.status : undefined),
      options.timeoutMs,
    );
    if (status) return status;
    throw new PhoneExpectationError(
      'timeout',
      `expected call ${this.sid} to end within ${waited(options.timeoutMs)}, but ${this.#story()}`,
    );
  }

  #input(what: string, input: { digits: string } | { speech: string; confidence: number }): void {
    if (this.call.status !== 'in-progress') {
      const hint = this.call.status === 'ringing' ? ' (answer it first)' : '';
      throw new PhoneExpectationError('state', `${what}: the call is not connected${hint}; ${this.#story()}`);
    }
    if (!this.env.voice.input(this.call.sid, input)) {
      const kind = 'digits' in input ? 'keys' : 'speech';
      throw new PhoneExpectationError('state', `${what}: no <Gather> was listening for ${kind}; ${this.#story()}`);
    }
  }

  #mustRing(action: string): void {
    if (this.call.status !== 'ringing')
      throw new PhoneExpectationError('state', `${action}(): the call is no longer ringing; ${this.#story()}`);
  }

  #story(): string {
    return describeCall(this.call, this.env.calls.timeline(this.account, this.call.sid));
  }
}

export const waited = (timeoutMs: number | undefined) => `${(timeoutMs ?? DEFAULT_WAIT_MS) / 1000} s`;
