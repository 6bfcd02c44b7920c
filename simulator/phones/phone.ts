// A person's phone on one number: the texts and calls it gets, and what the person does about them. A test that
// expects something claims it; whatever the app sent that no expectation claimed is "unexpected" (GoAlert's check).
// The phone keeps no clock or HTTP of its own: it reads the messages and calls resources and waits through Waiter.
import type { AccountState } from '../kernel/accounts.js';
import type { Kernel } from '../kernel/index.js';
import type { CallService } from '../resources/calls/model.js';
import type { Call, CallStatus } from '../resources/calls/types.js';
import type { MessageService } from '../resources/messages/model.js';
import type { Message } from '../resources/messages/types.js';
import type { VoiceSessions } from '../voice/sessions.js';
import { clockTime, describeMessage } from './describe.js';
import { PhoneExpectationError } from './expectation-error.js';
import { notFound } from '../kernel/errors.js';
import { HeldLine } from './held-line.js';
import { describeMatcher, type Matcher, matches } from './matching.js';
import { PhoneCall, waited } from './phone-call.js';
import type { Waiter } from './waiting.js';

export interface PhoneEnv {
  kernel: Kernel;
  messages: MessageService;
  calls: CallService;
  voice: VoiceSessions;
  waiter: Waiter;
  /** Tell the registry about a call this phone placed, so its end reaches it. */
  track(call: PhoneCall): void;
}

/** A text as the phone shows it. `reply` answers the sender as this person. */
export interface ReceivedSms {
  sid: string;
  from: string;
  to: string;
  body: string;
  /** URLs of the MMS media. */
  media: string[];
  at: number;
  /** The whole match, then a regular expression's groups (the code in /code (\d{6})/). */
  groups: string[];
  reply(body: string, options?: { mediaUrls?: string[] }): Message;
}

export interface HistoryEntry {
  type: 'sms' | 'call';
  /** 'in': the app sent it to this phone; 'out': this phone sent it. */
  direction: 'in' | 'out';
  sid: string;
  from: string;
  to: string;
  at: number;
  /** The text of an SMS. */
  body?: string;
  /** The status of a call (now). */
  status?: CallStatus;
  /** Claimed by an expectation, or done by the test itself. */
  expected: boolean;
}

interface Arrival<T> {
  item: T;
  claimed: boolean;
  /** Order of events on this phone (things at one instant keep the order they happened in). */
  seq: number;
}

const LOST: ReadonlySet<string> = new Set(['undelivered', 'failed', 'canceled']);

export class Phone {
  #texts: Arrival<Message>[] = [];
  #sent: Arrival<Message>[] = [];
  #calls: Arrival<PhoneCall>[] = [];
  #seq = 0;
  #line: HeldLine;

  constructor(
    private readonly env: PhoneEnv,
    readonly accountSid: string,
    readonly number: string,
  ) {
    this.#line = new HeldLine(env.kernel.scenarios, accountSid, number);
    // Texts delivered before the test asked for this phone still count as received.
    const earlier = textsTo(env, this.#account(), number).filter((m) => m.direction !== 'inbound' && m.status === 'delivered');
    for (const m of earlier.reverse()) this.#texts.push({ item: m, claimed: false, seq: this.#seq++ });
  }

  /** The account was reset: what the phone saw went with it (the phone itself stays usable). */
  forget(): void {
    this.#texts = [];
    this.#sent = [];
    this.#calls = [];
    this.#line = new HeldLine(this.env.kernel.scenarios, this.accountSid, this.number);
  }

  /** Looked up each time: a reset replaces the account's state, and a phone kept across it must see the new one. */
  #account(): AccountState {
    const account = this.env.kernel.accounts.get(this.accountSid);
    if (!account) throw notFound(`Account ${this.accountSid} is not known to this simulator`);
    return account;
  }

  // — what arrives (called by Phones, from the event bus) —

  delivered(message: Message): void {
    this.#texts.push({ item: message, claimed: false, seq: this.#seq++ });
  }

  ringing(call: Call): PhoneCall {
    const phoneCall = new PhoneCall(this.env, this.#account(), call, 'incoming');
    this.#calls.push({ item: phoneCall, claimed: false, seq: this.#seq++ });
    return phoneCall;
  }

  // — SMS —

  /** Wait for a text that matches (and comes from `from`, when given); fails listing what did arrive. */
  async expectSms(options: { from?: string; matching?: Matcher; timeoutMs?: number } = {}): Promise<ReceivedSms> {
    const found = await this.env.waiter.until(
      this.accountSid,
      () => {
        for (const arrival of this.#texts) {
          if (arrival.claimed || (options.from !== undefined && arrival.item.from !== options.from)) continue;
          const m = matches(options.matching, arrival.item.body);
          if (!m) continue;
          arrival.claimed = true;
          return this.#received(arrival.item, m.groups);
        }
        return undefined;
      },
      options.timeoutMs,
    );
    if (found) return found;
    const from = options.from ? ` from ${options.from}` : '';
    throw new PhoneExpectationError(
      'timeout',
      `${this.number} expected an SMS${from} matching ${describeMatcher(options.matching)} within ${waited(options.timeoutMs)}, but none came.\n${this.#smsStory()}`,
    );
  }

  /** The person texts `to` (one of the app's numbers). */
  sendSms(to: string, body: string, options: { mediaUrls?: string[] } = {}): Message {
    const message = this.env.messages.receive(this.#account(), { from: this.number, to, body, mediaUrls: options.mediaUrls });
    this.#sent.push({ item: message, claimed: true, seq: this.#seq++ });
    return message;
  }

  /** Answer a text this phone received, by its SID (what ReceivedSms.reply does, for the control API). */
  reply(messageSid: string, body: string, options: { mediaUrls?: string[] } = {}): Message {
    const arrival = this.#texts.find((a) => a.item.sid === messageSid);
    if (!arrival) throw new PhoneExpectationError('state', `${this.number} received no SMS ${messageSid} to reply to`);
    return this.sendSms(arrival.item.from ?? '', body, options);
  }

  // — calls —

  /**
   * Wait for a call to ring here. While this waits, and for as long as the call it returns lasts, the phone holds
   * its line: the call rings until the test answers, rejects or ignores it, whatever the number's script says.
   */
  async expectCall(options: { from?: string; timeoutMs?: number } = {}): Promise<PhoneCall> {
    const release = this.#line.hold();
    try {
      const found = await this.env.waiter.until(
        this.accountSid,
        () => {
          const arrival = this.#calls.find(
            (a) => !a.claimed && a.item.status === 'ringing' && (options.from === undefined || a.item.from === options.from),
          );
          if (!arrival) return undefined;
          arrival.claimed = true;
          arrival.item.holdWith(this.#line.hold());
          return arrival.item;
        },
        options.timeoutMs,
      );
      if (found) return found;
    } finally {
      release();
    }
    const from = options.from ? ` from ${options.from}` : '';
    throw new PhoneExpectationError(
      'timeout',
      `${this.number} expected a call${from} within ${waited(options.timeoutMs)}, but none rang.\n${this.#callStory()}`,
    );
  }

  /** The person calls `to` (one of the app's numbers); the app's voice_url answers. */
  dial(to: string): PhoneCall {
    const release = this.#line.hold();
    try {
      const call = this.env.calls.receive(this.#account(), { from: this.number, to });
      const phoneCall = new PhoneCall(this.env, this.#account(), call, 'outgoing');
      phoneCall.holdWith(release);
      this.env.track(phoneCall);
      this.#calls.push({ item: phoneCall, claimed: true, seq: this.#seq++ });
      return phoneCall;
    } catch (error) {
      release();
      throw error;
    }
  }

  // — looking back —

  history(): HistoryEntry[] {
    const entries: Array<[number, HistoryEntry]> = [
      ...this.#texts.map(({ item: m, claimed, seq }): [number, HistoryEntry] => [seq, sms(m, 'in', claimed)]),
      ...this.#sent.map(({ item: m, seq }): [number, HistoryEntry] => [seq, sms(m, 'out', true)]),
      ...this.#calls.map(({ item: c, claimed, seq }): [number, HistoryEntry] => [
        seq,
        {
          type: 'call',
          direction: c.direction === 'incoming' ? 'in' : 'out',
          sid: c.sid,
          from: c.from,
          to: c.to,
          at: c.call.dateCreated,
          status: c.status,
          expected: claimed,
        },
      ]),
    ];
    return entries.sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
  }

  /** What the app sent here that no expectation claimed. */
  unexpected(): HistoryEntry[] {
    return this.history().filter((e) => !e.expected);
  }

  /** Fails (listing them) when the app sent this phone anything no expectation claimed. */
  assertNoUnexpected(): void {
    const extra = this.unexpected();
    if (extra.length === 0) return;
    const lines = extra.map((e) =>
      e.type === 'sms'
        ? `  SMS ${clockTime(e.at)} from ${e.from}: ${JSON.stringify(e.body)}`
        : `  call ${clockTime(e.at)} from ${e.from} (${e.status})`,
    );
    throw new PhoneExpectationError(
      'unexpected',
      `${this.number} got ${extra.length} thing(s) no expectation claimed:\n${lines.join('\n')}`,
    );
  }

  #received(m: Message, groups: string[]): ReceivedSms {
    return {
      sid: m.sid,
      from: m.from ?? '',
      to: m.to,
      body: m.body,
      media: m.media.map((item) => item.url),
      at: m.dateUpdated,
      groups,
      reply: (body, options = {}) => this.sendSms(m.from ?? '', body, options),
    };
  }

  /** What arrived, what is still on its way and what was lost: the first things to look at when an SMS is missing. */
  #smsStory(): string {
    const lines = this.#texts.map((a) => `  ${describeMessage(a.item)}${a.claimed ? ' (already claimed by an earlier expectSms)' : ''}`);
    const received = lines.length === 0 ? 'It received no SMS.' : `It received:\n${lines.join('\n')}`;
    const all = textsTo(this.env, this.#account(), this.number).filter((m) => m.direction !== 'inbound');
    const onTheWay = all.filter((m) => m.status !== 'delivered' && !LOST.has(m.status));
    const lost = all.filter((m) => LOST.has(m.status));
    const more = [
      ...onTheWay.map((m) => `  still ${m.status}: ${describeMessage(m)}`),
      ...lost.map((m) => `  ${m.status}${m.errorCode ? ` (${m.errorCode})` : ''}: ${describeMessage(m)}`),
    ];
    return more.length === 0 ? received : `${received}\nNot (yet) delivered to it:\n${more.join('\n')}`;
  }

  #callStory(): string {
    if (this.#calls.length === 0) return 'No call came to it.';
    return `Calls it saw:\n${this.#calls.map((a) => `  ${clockTime(a.item.call.dateCreated)} ${a.item.direction} ${a.item.from} → ${a.item.to}: ${a.item.status}${a.claimed ? ' (claimed)' : ''}`).join('\n')}`;
  }
}

const sms = (m: Message, direction: 'in' | 'out', expected: boolean): HistoryEntry => ({
  type: 'sms',
  direction,
  sid: m.sid,
  from: m.from ?? '',
  to: m.to,
  // A text reaches the phone when it is delivered; one the phone sends, when it leaves.
  at: direction === 'in' ? m.dateUpdated : m.dateCreated,
  body: m.body,
  expected,
});

/** Every message to a number, newest first (the store hands out pages; a phone's history is short). */
function textsTo(
  env: { messages: { list: (account: AccountState, filter: { to: string }) => { take(start: number, limit: number): Message[] } } },
  account: AccountState,
  to: string,
): Message[] {
  return env.messages.list(account, { to }).take(0, Number.MAX_SAFE_INTEGER);
}
