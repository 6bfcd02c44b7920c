// Virtual phones over HTTP, for tests in another process than the simulator (or another language's tests to copy):
// the same conversation surface as the in-process `sim.phone(number)`, spoken to the simulator's control API
// (/__sim/phones/{number}/…) with the account's credentials. Speaks HTTP only; nothing here imports the simulator.
// Waits are long-polls: on the virtual clock the simulator moves time as far as the wait needs and answers at once.

export interface VirtualPhonesOptions {
  /** The simulator's origin, e.g. http://127.0.0.1:4010. */
  url: string;
  accountSid: string;
  authToken: string;
}

/** Text to find (contained, case-insensitive) or a pattern (its source and the `i` flag travel; groups come back). */
export type Matcher = string | RegExp;

export interface SmsSeen {
  sid: string;
  from: string;
  to: string;
  body: string;
  media: string[];
  /** When it reached the phone, on the simulator's clock. */
  at: Date;
  /** The whole match, then a pattern's groups. */
  groups: string[];
}

export interface ReceivedSms extends SmsSeen {
  /** Text the sender back, as this person. */
  reply(body: string): Promise<SentSms>;
}

export interface SentSms {
  sid: string;
  from: string;
  to: string;
  body: string;
}

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

export interface HeardOnCall {
  kind: 'say' | 'play';
  /** The words of a <Say>, the URL of a <Play>. */
  text: string;
  at: Date;
  groups: string[];
}

export interface PhoneHistoryEntry {
  type: 'sms' | 'call';
  direction: 'in' | 'out';
  sid: string;
  from: string;
  to: string;
  at: Date;
  body?: string;
  status?: CallStatus;
  expected: boolean;
}

/** An expectation that did not hold (HTTP 408: it never came; 409: the call could not do that). */
export class PhoneExpectationError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'PhoneExpectationError';
  }
}

interface Wait {
  /** Simulated ms the simulator may wait (default 60 s, at most 240 s over HTTP). */
  timeoutMs?: number;
}

type Send = (method: 'GET' | 'POST', path: string, body?: Record<string, unknown>) => Promise<any>;

const matcherFields = (m: Matcher | undefined) =>
  m === undefined ? {} : typeof m === 'string' ? { matching: m } : { pattern: m.source, ignoreCase: m.flags.includes('i') };

export class VirtualPhones {
  readonly #send: Send;

  constructor(options: VirtualPhonesOptions) {
    const origin = options.url.replace(/\/+$/, '');
    const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    this.#send = async (method, path, body) => {
      const response = await fetch(`${origin}${path}`, {
        method,
        headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      const json = text ? JSON.parse(text) : null;
      if (response.ok) return json;
      throw new PhoneExpectationError(response.status, json?.code ?? 0, json?.message ?? `HTTP ${response.status} from ${path}`);
    };
  }

  /** The person's phone on `number` (E.164). */
  phone(number: string): RemotePhone {
    return new RemotePhone(this.#send, number);
  }
}

export class RemotePhone {
  readonly #send: Send;
  readonly #base: string;

  constructor(
    send: Send,
    readonly number: string,
  ) {
    this.#send = send;
    this.#base = `/__sim/phones/${encodeURIComponent(number)}`;
  }

  async expectSms(options: { from?: string; matching?: Matcher } & Wait = {}): Promise<ReceivedSms> {
    const seen = await this.#send('POST', `${this.#base}/expect-sms`, {
      from: options.from,
      timeoutMs: options.timeoutMs,
      ...matcherFields(options.matching),
    });
    return {
      ...seen,
      at: new Date(seen.at),
      reply: (body: string) => this.#send('POST', `${this.#base}/reply`, { messageSid: seen.sid, body }),
    };
  }

  sendSms(to: string, body: string, options: { mediaUrls?: string[] } = {}): Promise<SentSms> {
    return this.#send('POST', `${this.#base}/send-sms`, { to, body, mediaUrls: options.mediaUrls });
  }

  /** Wait for a call to ring here; it keeps ringing until answered, rejected or ignored. */
  async expectCall(options: { from?: string } & Wait = {}): Promise<RemoteCall> {
    const call = await this.#send('POST', `${this.#base}/expect-call`, { from: options.from, timeoutMs: options.timeoutMs });
    return new RemoteCall(this.#send, `${this.#base}/calls/${call.sid}`, call);
  }

  /** Call one of the app's numbers. */
  async dial(to: string): Promise<RemoteCall> {
    const call = await this.#send('POST', `${this.#base}/dial`, { to });
    return new RemoteCall(this.#send, `${this.#base}/calls/${call.sid}`, call);
  }

  async history(): Promise<PhoneHistoryEntry[]> {
    const { history } = await this.#send('GET', `${this.#base}/history`);
    return history.map((e: PhoneHistoryEntry & { at: string }) => ({ ...e, at: new Date(e.at) }));
  }

  /** Fails, listing them, when the app sent this phone anything no expectation claimed. */
  async assertNoUnexpected(): Promise<void> {
    const { unexpected } = await this.#send('GET', `${this.#base}/unexpected`);
    if (unexpected.length === 0) return;
    const lines = unexpected.map(
      (e: PhoneHistoryEntry) => `  ${e.type} from ${e.from}: ${e.type === 'sms' ? JSON.stringify(e.body) : e.status}`,
    );
    throw new PhoneExpectationError(
      409,
      20409,
      `${this.number} got ${unexpected.length} thing(s) no expectation claimed:\n${lines.join('\n')}`,
    );
  }
}

export class RemoteCall {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly #send: Send;
  readonly #path: string;

  constructor(send: Send, path: string, call: { sid: string; from: string; to: string; direction: 'incoming' | 'outgoing' }) {
    this.#send = send;
    this.#path = path;
    this.sid = call.sid;
    this.from = call.from;
    this.to = call.to;
    this.direction = call.direction;
  }

  answer = () => this.#act('answer');
  reject = () => this.#act('reject');
  busy = () => this.#act('busy');
  /** Let it ring; the caller gives up after its Timeout. */
  ignore = () => this.#act('ignore');
  hangUp = () => this.#act('hang-up');

  async status(): Promise<CallStatus> {
    return (await this.#send('GET', this.#path)).status;
  }

  async expectSay(matching: Matcher, options: Wait = {}): Promise<HeardOnCall> {
    const heard = await this.#send('POST', `${this.#path}/expect-say`, { timeoutMs: options.timeoutMs, ...matcherFields(matching) });
    return { ...heard, at: new Date(heard.at) };
  }

  async press(digits: string): Promise<void> {
    await this.#send('POST', `${this.#path}/press`, { digits });
  }

  async say(speech: string, options: { confidence?: number } = {}): Promise<void> {
    await this.#send('POST', `${this.#path}/say`, { speech, confidence: options.confidence });
  }

  async waitForHangup(options: Wait = {}): Promise<CallStatus> {
    return (await this.#send('POST', `${this.#path}/wait-for-hangup`, { timeoutMs: options.timeoutMs })).status;
  }

  async #act(action: string): Promise<void> {
    await this.#send('POST', `${this.#path}/${action}`, {});
  }
}
