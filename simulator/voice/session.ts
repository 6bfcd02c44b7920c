// One call's TwiML, acted out on the clock: fetch the document (Url with Method and FallbackUrl, or inline Twiml),
// then run its verbs one after another. Each verb takes simulated time (a <Say> as long as its words, a <Pause>
// its length, a <Gather> until input or its timeout) and may hold the call open until something outside ends it
// (<Connect><Stream>, <Dial>). Every request, verb and callee action lands on the call's timeline.
import type { AccountState } from '../kernel/accounts.js';
import type { Kernel } from '../kernel/index.js';
import type { TimerId } from '../kernel/clock.js';
import { voiceParams } from '../resources/calls/callback-params.js';
import type { CallService } from '../resources/calls/model.js';
import type { TimelineEntry } from '../resources/calls/store.js';
import type { Call } from '../resources/calls/types.js';
import { parseTwimlDocument } from '../twiml/document.js';
import type { WebhookDispatcher } from '../webhooks/index.js';
import { fetchedTwiml } from './responses.js';
import { type Dial, type Gather, type Method, type RecordVerb, type Stream, type Verb, voiceVerbs as voiceVerbsOf } from './verbs.js';

declare module '../kernel/events.js' {
  interface EngineEventMap {
    /** A call reached <Connect><Stream> (held until the stream ends) or <Start><Stream> (forked, TwiML goes on). */
    'call.stream': { accountSid: string; call: Call; mode: 'connect' | 'start'; stream: Stream | null };
    /** <Stop><Stream name>: the named stream (every stream of the call when unnamed) stops. */
    'call.stream-stop': { accountSid: string; call: Call; name: string | null };
    /** The callee pressed keys or spoke, whether or not the TwiML was listening (Media Streams hear DTMF). */
    'call.input': { accountSid: string; call: Call; input: CalleeInput };
  }
}

export interface SessionEnv {
  kernel: Kernel;
  dispatcher: WebhookDispatcher;
  calls: CallService;
}

/** What the callee does while the call is up: keys pressed, or a phrase said. */
export type CalleeInput = { digits: string } | { speech: string; confidence: number };

/** A document to load: from a URL (with method and optional fallback) or inline. */
export interface Instructions {
  url: string | null;
  method: Method;
  fallbackUrl?: string | null;
  fallbackMethod?: Method;
  twiml: string | null;
}

const MS_PER_WORD = 400;
const MIN_SAY_MS = 1_000;
const PLAY_MS = 5_000;
const DTMF_TONE_MS = 500;
const MAX_REDIRECTS_IN_A_ROW = 10;
const APPLICATION_ERROR = 'We are sorry, an application error has occurred. Goodbye.';

export const sayMs = (text: string, loop: number) =>
  Math.max(MIN_SAY_MS, text.split(/\s+/).filter(Boolean).length * MS_PER_WORD) * Math.max(1, loop);

type Parsed = { ok: true; verbs: Verb[] } | { ok: false; code: number; reason: string };

interface Listening {
  gather: Gather;
  digits: string;
  /** Prompts still playing (barge-in stops them). */
  prompting: boolean;
}

export class CallSession {
  #verbs: Verb[] = [];
  #index = 0;
  #documentUrl: string | null = null;
  #redirectsInARow = 0;
  #timer: TimerId | undefined;
  #listening: Listening | null = null;
  #recording: { verb: RecordVerb; startedAt: number } | null = null;
  #connect: { action: string | null; method: Method } | null = null;
  #dialing: { verb: Dial; child: Call } | null = null;
  /** Bumped whenever what the session is doing is replaced (new document, call ended): stale work checks it. */
  #generation = 0;
  #ended = false;

  constructor(
    private readonly env: SessionEnv,
    private readonly account: AccountState,
    readonly call: Call,
  ) {}

  /** Ask the call's instructions for the first document. */
  start(): void {
    const { instructions } = this.call;
    this.#scheduleCalleeInput();
    this.load(instructions, {});
  }

  /** Stop everything: the call is over. */
  end(): void {
    this.#ended = true;
    this.#generation++;
    this.#cancelTimer();
    if (this.#dialing) this.env.calls.hangUp(this.#dialing.child, 'the parent call ended');
  }

  /**
   * Replace what runs now with a new document (a redirect from the API, an action's answer). FallbackUrl is asked
   * when the Url cannot be fetched or its answer cannot run (Twilio: "an error retrieving or executing the TwiML").
   */
  load(instructions: Instructions, extra: Record<string, string>): void {
    const generation = this.#stop();
    if (instructions.url === null) {
      const inline = this.#parse(instructions.twiml ?? '');
      if (!inline.ok) return this.#applicationError(inline.code, inline.reason);
      return this.#begin(inline.verbs, null);
    }
    const { url, method, fallbackUrl } = instructions;
    this.#after(0, async () => {
      const first = await this.#document(url, method, extra);
      if (generation !== this.#generation) return;
      if (first.ok) return this.#begin(first.verbs, url);
      if (!fallbackUrl) return this.#applicationError(first.code, first.reason, false);
      const fallback = await this.#document(fallbackUrl, instructions.fallbackMethod ?? 'POST', {
        ...extra,
        ErrorCode: String(first.code),
        ErrorUrl: url,
      });
      if (generation !== this.#generation) return;
      if (fallback.ok) return this.#begin(fallback.verbs, fallbackUrl);
      this.#applicationError(fallback.code, fallback.reason, false);
    });
  }

  /** The callee pressed keys or spoke (scripted, or live from the control API). */
  input(input: CalleeInput): boolean {
    if (this.#ended) return false;
    this.env.kernel.events.emit({ type: 'call.input', accountSid: this.account.sid, call: this.call, input });
    const listening = this.#listening;
    const what = 'digits' in input ? { digits: input.digits } : { speech: input.speech };
    const recording = this.#recording;
    // Digits reports the key that ended the recording, wherever it came in what was pressed.
    const stopKey = 'digits' in input && recording ? [...input.digits].find((d) => recording.verb.finishOnKey.includes(d)) : undefined;
    if (stopKey !== undefined) {
      this.#note('callee', 'pressed', { ...what, heard: true });
      this.#finishRecord(stopKey);
      return true;
    }
    const heard = listening?.gather.input.includes('digits' in input ? 'dtmf' : 'speech') === true;
    this.#note('callee', 'digits' in input ? 'pressed' : 'said', { ...what, heard });
    if (!heard) return false;
    if ('speech' in input) {
      this.#finishGather({ SpeechResult: input.speech, Confidence: String(input.confidence) });
      return true;
    }
    for (const key of input.digits) {
      if (key === listening.gather.finishOnKey) {
        this.#finishGather({ Digits: listening.digits, FinishedOnKey: key });
        return true;
      }
      listening.digits += key;
      if (listening.gather.numDigits !== null && listening.digits.length >= listening.gather.numDigits) {
        this.#finishGather({ Digits: listening.digits });
        return true;
      }
    }
    // Barge-in: a key press stops the prompts; the timeout now counts from the last key.
    listening.prompting = false;
    this.#cancelTimer();
    this.#waitForMore(listening);
    return true;
  }

  /** A <Connect>'s stream ended (its websocket closed): the TwiML goes on, or asks the Connect action. */
  connectEnded(): void {
    const connect = this.#connect;
    if (!connect || this.#ended) return;
    this.#connect = null;
    if (connect.action) this.#action(connect.action, connect.method, {});
    else this.#next();
  }

  /** A child call of <Dial> ended. */
  dialEnded(child: Call): void {
    const dialing = this.#dialing;
    if (!dialing || dialing.child !== child || this.#ended) return;
    this.#dialing = null;
    const bridged = child.answerTime !== null;
    const params = {
      DialCallSid: child.sid,
      DialCallStatus: child.status === 'completed' ? 'completed' : child.status,
      DialCallDuration: String(child.durationS ?? 0),
      DialBridged: String(bridged),
    };
    this.#note('verb', 'Dial ended', params);
    if (dialing.verb.action) this.#action(dialing.verb.action, dialing.verb.method, params);
    else this.#next();
  }

  // — documents —

  /** Fetch a document and read it as verbs; a failure is already an alert when this returns. */
  async #document(url: string, method: Method, extra: Record<string, string>): Promise<Parsed> {
    const answer = await this.#request(url, method, extra);
    if (!answer.ok) return { ok: false, code: answer.errorCode, reason: `HTTP retrieval failure: ${url}` };
    const document = this.#fetchedVerbs(answer.body, answer.contentType, url);
    if (!document.ok) this.env.kernel.alerts.raise(this.account.sid, document.code, document.reason, this.call.sid);
    return document;
  }

  /** An answer by its content type: TwiML, audio to play, text to read out, or an error. */
  #fetchedVerbs(body: string, contentType: string | null, url: string): Parsed {
    const fetched = fetchedTwiml(body, contentType);
    if (fetched.kind === 'error') return { ok: false, code: fetched.code, reason: fetched.reason };
    if (fetched.kind === 'audio') return { ok: true, verbs: [{ verb: 'Play', url, loop: 1, digits: null }, { verb: 'Hangup' }] };
    if (fetched.kind === 'text') {
      return { ok: true, verbs: [{ verb: 'Say', text: fetched.text, voice: null, loop: 1 }, { verb: 'Hangup' }] };
    }
    return this.#parse(fetched.xml);
  }

  #parse(xml: string): Parsed {
    const parsed = parseTwimlDocument(xml);
    if (!parsed.ok) return { ok: false, code: parsed.errorCode, reason: `Document parse failure: ${parsed.reason}` };
    const verbs = voiceVerbsOf(parsed.root);
    if (!verbs.ok) return { ok: false, code: 12100, reason: `Document parse failure: ${verbs.reason}` };
    return { ok: true, verbs: verbs.verbs };
  }

  #begin(verbs: Verb[], url: string | null): void {
    this.#verbs = verbs;
    this.#index = 0;
    this.#documentUrl = url;
    this.#next();
  }

  async #request(
    url: string,
    method: Method,
    extra: Record<string, string>,
  ): Promise<{ ok: true; body: string; contentType: string | null } | { ok: false; errorCode: number }> {
    const params = { ...voiceParams(this.call, this.call.status), ...extra };
    const result = await this.env.dispatcher.send({
      accountSid: this.account.sid,
      authToken: this.account.account.authToken,
      url,
      method,
      params,
      kind: 'voice-url',
      resourceSid: this.call.sid,
      channel: 'twiml',
    });
    this.#note('request', method, { url, status: result.status, errorCode: result.errorCode });
    if (result.delivered) return { ok: true, body: result.body, contentType: result.contentType };
    const errorCode = result.errorCode ?? 11200;
    this.env.kernel.alerts.raise(this.account.sid, errorCode, `HTTP retrieval failure for ${url}`, this.call.sid);
    return { ok: false, errorCode };
  }

  /** Twilio's caller hears an apology and the call ends; the debugger shows why (raised already by a fetch). */
  #applicationError(code: number, reason: string, raise = true): void {
    if (this.#ended) return;
    if (raise) this.env.kernel.alerts.raise(this.account.sid, code, reason, this.call.sid);
    this.#note('alert', String(code), { reason });
    this.#verbs = [{ verb: 'Say', text: APPLICATION_ERROR, voice: null, loop: 1 }, { verb: 'Hangup' }];
    this.#index = 0;
    this.#next();
  }

  #action(url: string, method: Method, params: Record<string, string>): void {
    const base = this.#documentUrl;
    let absolute: string;
    try {
      absolute = new URL(url, base ?? undefined).href;
    } catch {
      return this.#applicationError(11200, `Invalid action URL '${url}'`);
    }
    this.load({ url: absolute, method, twiml: null }, params);
  }

  // — verbs —

  #next(): void {
    if (this.#ended) return;
    const verb = this.#verbs[this.#index++];
    if (!verb) {
      // An inbound call whose document had no verbs is still answered (only <Reject> prevents that), then ends.
      if (this.call.status === 'ringing') this.env.calls.answer(this.call);
      this.env.calls.hangUp(this.call, 'the TwiML ended');
      return;
    }
    if (verb.verb !== 'Redirect') this.#redirectsInARow = 0;
    // An inbound call is answered by its first verb that is not a <Reject>.
    if (verb.verb !== 'Reject' && this.call.status === 'ringing') this.env.calls.answer(this.call);
    this.#execute(verb);
  }

  #execute(verb: Verb): void {
    switch (verb.verb) {
      case 'Say':
        this.#note('verb', 'Say', { text: verb.text, voice: verb.voice, loop: verb.loop });
        // loop="0" repeats until the call ends: nothing after it runs.
        if (verb.loop === 0) return;
        return this.#after(sayMs(verb.text, verb.loop), () => this.#next());
      case 'Play':
        this.#note('verb', 'Play', { url: verb.url, loop: verb.loop, digits: verb.digits });
        if (verb.loop === 0 && !verb.digits) return;
        return this.#after(verb.digits ? verb.digits.length * DTMF_TONE_MS : PLAY_MS * Math.max(1, verb.loop), () => this.#next());
      case 'Pause':
        this.#note('verb', 'Pause', { length: verb.lengthS });
        return this.#after(verb.lengthS * 1000, () => this.#next());
      case 'Gather':
        return this.#gather(verb);
      case 'Redirect': {
        this.#note('verb', 'Redirect', { url: verb.url, method: verb.method });
        if (++this.#redirectsInARow > MAX_REDIRECTS_IN_A_ROW) {
          return this.#applicationError(11215, `More than ${MAX_REDIRECTS_IN_A_ROW} <Redirect>s in a row`);
        }
        return this.#action(verb.url, verb.method, {});
      }
      case 'Hangup':
        this.#note('verb', 'Hangup');
        return this.env.calls.hangUp(this.call, '<Hangup>');
      case 'Reject':
        this.#note('verb', 'Reject', { reason: verb.reason });
        if (this.call.status === 'ringing') return this.env.calls.reject(this.call, verb.reason);
        return this.env.calls.hangUp(this.call, '<Reject> on an answered call');
      case 'Dial':
        return this.#dial(verb);
      case 'Record':
        this.#note('verb', 'Record', { maxLength: verb.maxLengthS, timeout: verb.timeoutS });
        this.#recording = { verb, startedAt: this.env.kernel.now(this.account.sid) };
        // The callee says nothing the simulator can hear, so the silence timeout ends it (or a key, or maxLength).
        // Ended by silence: no key, so no Digits.
        return this.#after(Math.min(verb.timeoutS, verb.maxLengthS) * 1000, () => this.#finishRecord(null));
      case 'Connect':
        this.#note('verb', 'Connect', { stream: verb.stream });
        // The call stays here until the stream ends (Media Streams) or the call does.
        this.#connect = { action: verb.action, method: verb.method };
        this.env.kernel.events.emit({
          type: 'call.stream',
          accountSid: this.account.sid,
          call: this.call,
          mode: 'connect',
          stream: verb.stream,
        });
        return;
      case 'Start':
        this.#note('verb', 'Start', { stream: verb.stream });
        this.env.kernel.events.emit({
          type: 'call.stream',
          accountSid: this.account.sid,
          call: this.call,
          mode: 'start',
          stream: verb.stream,
        });
        return this.#next();
      case 'Stop':
        this.#note('verb', 'Stop', { stream: verb.streamName });
        this.env.kernel.events.emit({ type: 'call.stream-stop', accountSid: this.account.sid, call: this.call, name: verb.streamName });
        return this.#next();
      case 'Unsupported':
        this.#note('verb', verb.name, { simulated: false });
        return this.#next();
    }
  }

  #gather(gather: Gather): void {
    this.#note('verb', 'Gather', { input: gather.input, numDigits: gather.numDigits, timeout: gather.timeoutS, action: gather.action });
    const listening: Listening = { gather, digits: '', prompting: true };
    this.#listening = listening;
    const prompts = [...gather.prompts];
    const playNext = () => {
      if (this.#listening !== listening || !listening.prompting) return;
      const prompt = prompts.shift();
      if (!prompt) {
        listening.prompting = false;
        return this.#waitForMore(listening);
      }
      this.#note('verb', prompt.verb, { ...prompt, verb: undefined, inGather: true });
      // A prompt with loop="0" repeats until the callee answers it: the timeout never starts.
      if (prompt.verb !== 'Pause' && prompt.loop === 0) return;
      const ms =
        prompt.verb === 'Say'
          ? sayMs(prompt.text, prompt.loop)
          : prompt.verb === 'Pause'
            ? prompt.lengthS * 1000
            : PLAY_MS * Math.max(1, prompt.loop);
      this.#after(ms, playNext);
    };
    playNext();
  }

  #waitForMore(listening: Listening): void {
    this.#after(listening.gather.timeoutS * 1000, () => {
      if (this.#listening !== listening) return;
      if (listening.digits !== '') this.#finishGather({ Digits: listening.digits });
      else this.#finishGather(null);
    });
  }

  #finishGather(result: Record<string, string> | null): void {
    const listening = this.#listening;
    if (!listening) return;
    this.#listening = null;
    this.#cancelTimer();
    const { gather } = listening;
    this.#note('verb', 'Gather ended', result ?? { input: 'none' });
    const url = gather.action ?? this.#documentUrl;
    // No input: the TwiML goes on after the <Gather> (unless it asked for the action anyway).
    if ((result === null && !gather.actionOnEmptyResult) || url === null) return this.#next();
    // The verb's method (POST unless it says otherwise) applies with or without an action, whatever method fetched
    // the document.
    this.#action(url, gather.method, result ?? {});
  }

  /** `digits`: the key that ended it, or null when silence (timeout) or maxLength did. */
  #finishRecord(digits: string | null): void {
    const recording = this.#recording;
    if (!recording) return;
    this.#recording = null;
    this.#cancelTimer();
    const { verb } = recording;
    const durationS = Math.round((this.env.kernel.now(this.account.sid) - recording.startedAt) / 1000);
    const recordingSid = this.env.kernel.sids.create('RE');
    const params = {
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${this.account.sid}/Recordings/${recordingSid}`,
      RecordingDuration: String(durationS),
      ...(digits === null ? {} : { Digits: digits }),
    };
    this.#note('verb', 'Record ended', params);
    const url = verb.action ?? this.#documentUrl;
    if (url === null) return this.#next();
    this.#action(url, verb.method, params);
  }

  #dial(verb: Dial): void {
    this.#note('verb', 'Dial', { number: verb.number, timeout: verb.timeoutS });
    const child = this.env.calls.dialChild(this.call, verb.number, {
      timeoutS: verb.timeoutS,
      timeLimitS: verb.timeLimitS,
      callerId: verb.callerId,
    });
    if (!child) {
      const params = { DialCallStatus: 'failed', DialCallDuration: '0', DialBridged: 'false' };
      this.#note('verb', 'Dial ended', params);
      return verb.action ? this.#action(verb.action, verb.method, params) : this.#next();
    }
    this.#dialing = { verb, child };
  }

  // — plumbing —

  #scheduleCalleeInput(): void {
    const callee = this.env.calls.calleeOf(this.call);
    const answeredAt = this.call.answerTime ?? this.env.kernel.now(this.account.sid);
    for (const press of callee.digits) this.#schedule(answeredAt + press.atMs, () => this.input({ digits: press.digits }));
    for (const phrase of callee.speech)
      this.#schedule(answeredAt + phrase.atMs, () => this.input({ speech: phrase.text, confidence: phrase.confidence }));
  }

  #schedule(atMs: number, task: () => void): void {
    this.env.kernel.timers.at(this.account.sid, atMs, () => {
      if (!this.#ended) task();
    });
  }

  /** Replace the running document: whatever was pending is void. */
  #stop(): number {
    this.#cancelTimer();
    // A new document replaces a <Dial> in progress: its other leg hangs up, and its action is not asked.
    const dialing = this.#dialing;
    this.#dialing = null;
    if (dialing) this.env.calls.hangUp(dialing.child, 'the parent call was redirected');
    this.#listening = null;
    this.#recording = null;
    this.#connect = null;
    return ++this.#generation;
  }

  #after(ms: number, task: () => unknown): void {
    this.#cancelTimer();
    const generation = this.#generation;
    this.#timer = this.env.kernel.timers.after(this.account.sid, ms, () => {
      this.#timer = undefined;
      if (generation === this.#generation && !this.#ended) return task();
    });
  }

  #cancelTimer(): void {
    this.env.kernel.timers.cancel(this.#timer);
    this.#timer = undefined;
  }

  #note(kind: TimelineEntry['kind'], name: string, detail?: Record<string, unknown>): void {
    this.env.calls.note(this.account, this.call, { kind, name, ...(detail ? { detail } : {}) });
  }
}
