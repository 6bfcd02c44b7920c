// Messages: create/fetch/list/update/delete, inbound messages with opt-out keywords, and the status life cycle,
// driven by the injected clock. What makes a new message acceptable lives in message-validation.ts. Everything
// here speaks domain types; wire/ does the JSON.
import { TwilioError, badRequest, notFound } from './errors.js';
import type { EventBus } from './events.js';
import type { SidFactory } from './ids.js';
import { findMedia, mediaFor } from './media.js';
import { validateNewMessage, type CreateMessageInput } from './message-validation.js';
import { KEYWORD_REPLIES, keywordOf, optOutKey } from './opt-out.js';
import { phoneFacts } from './phone.js';
import type { PriceBook } from './pricing.js';
import type { ScenarioBook } from './scenarios.js';
import { countSegments } from './segments.js';
import { senderKey, type SenderQueues } from './sender-queue.js';
import type { AccountState, Store } from './store.js';
import type { EngineTimers } from './timers.js';
import { FINAL_MESSAGE_STATUSES, type Message, type MessageDirection, type MessageStatus } from './types.js';

export interface MessageFilter {
  to?: string;
  from?: string;
  /** Inclusive bounds on date_sent, epoch ms. */
  sentFrom?: number;
  sentBefore?: number;
}

/** Delays of the simulated network, in ms. Documented in the README; overridable per simulator. */
export interface MessageTimings {
  /** sending → sent: the carrier accepts the message. */
  sendLatencyMs: number;
  /** sent → delivered/undelivered: the handset's delivery receipt. */
  deliveryReceiptMs: number;
  /** sending → failed, for messages that never leave Twilio. */
  failLatencyMs: number;
  /** sent → delivered for the `slow` scenario, unless the scenario gives its own delay. */
  slowDeliveryMs: number;
}

export const DEFAULT_TIMINGS: MessageTimings = {
  sendLatencyMs: 200,
  deliveryReceiptMs: 1_500,
  failLatencyMs: 200,
  slowDeliveryMs: 60_000,
};

const DEFAULT_VALIDITY_S = 36_000;

/** Not yet post-flight: redaction waits until the message has left (or failed to leave) the queue. */
const IN_FLIGHT: ReadonlySet<MessageStatus> = new Set<MessageStatus>(['accepted', 'scheduled', 'queued', 'sending', 'receiving']);

const ERROR_MESSAGES: Record<number, string> = {
  30001: 'Queue overflow',
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
};

export interface MessageDeps {
  store: Store;
  timers: EngineTimers;
  events: EventBus;
  sids: SidFactory;
  prices: PriceBook;
  scenarios: ScenarioBook;
  queues: SenderQueues;
  timings: MessageTimings;
}

export class MessageService {
  #expiry = new Map<string, number>();
  /** Release timers of scheduled messages, so a cancel disarms them. */
  #releases = new Map<string, number>();

  constructor(private readonly deps: MessageDeps) {}

  create(account: AccountState, input: CreateMessageInput, direction: MessageDirection = 'outbound-api'): Message {
    const draft = validateNewMessage(account, input, { now: this.deps.timers.now(), queues: this.deps.queues });
    const now = this.deps.timers.now();
    const segments = countSegments(draft.body);
    const message: Message = {
      sid: this.deps.sids.create(draft.mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: account.account.sid,
      messagingServiceSid: draft.messagingServiceSid,
      from: draft.from,
      to: draft.to,
      body: draft.body,
      media: mediaFor(draft.mediaUrls, this.deps.sids, now),
      numSegments: Math.max(1, segments.segments),
      encoding: segments.encoding,
      direction,
      status: draft.messagingServiceSid ? (draft.sendAt !== null ? 'scheduled' : 'accepted') : 'queued',
      errorCode: null,
      errorMessage: null,
      price: null,
      priceUnit: account.account.currency,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      statusCallback: draft.statusCallback,
      validityPeriodS: draft.validityPeriodS,
      sendAt: draft.sendAt,
    };
    account.addMessage(message);
    this.deps.events.emit({ type: 'message.created', accountSid: message.accountSid, message });

    const owner = message.accountSid;
    if (message.status === 'scheduled') {
      this.#releases.set(
        message.sid,
        this.deps.timers.at(owner, draft.sendAt!, () => this.#release(account, message)),
      );
    } else if (message.status === 'accepted') this.deps.timers.after(owner, 0, () => this.#release(account, message));
    else this.#enqueue(message);
    return message;
  }

  fetch(account: AccountState, sid: string): Message {
    const message = account.messages.get(sid);
    if (!message) throw notFound(`The requested resource /2010-04-01/Accounts/${account.account.sid}/Messages/${sid}.json was not found`);
    return message;
  }

  list(account: AccountState, filter: MessageFilter): Message[] {
    return account.messagesNewestFirst().filter((m) => {
      if (filter.to !== undefined && m.to !== filter.to) return false;
      if (filter.from !== undefined && m.from !== filter.from) return false;
      if (filter.sentFrom !== undefined && (m.dateSent === null || m.dateSent < filter.sentFrom)) return false;
      if (filter.sentBefore !== undefined && (m.dateSent === null || m.dateSent > filter.sentBefore)) return false;
      return true;
    });
  }

  /**
   * Exactly one change per request, as Twilio takes it: Body="" redacts a message that has left the queue
   * (post-flight), Status=canceled cancels a scheduled one. Anything else is 30400.
   */
  update(account: AccountState, sid: string, change: { body?: string; status?: string }): Message {
    const message = this.fetch(account, sid);
    const invalid = (why: string) => badRequest(30400, `Invalid message update: ${why}`);
    if (change.status === undefined && change.body === undefined) throw invalid('give Body (empty, to redact) or Status=canceled');
    if (change.status !== undefined && change.body !== undefined) throw invalid('Body and Status cannot be updated together');
    if (change.status !== undefined) {
      if (change.status !== 'canceled') throw invalid(`Status can only become 'canceled', not '${change.status}'`);
      if (message.status !== 'scheduled') {
        throw badRequest(30409, `Message ${sid} cannot be canceled: only scheduled messages can be, and this one is '${message.status}'`);
      }
      this.deps.timers.cancel(this.#releases.get(sid));
      this.#releases.delete(sid);
      this.#setStatus(message, 'canceled');
    }
    if (change.body !== undefined) {
      if (change.body !== '') throw invalid('a body can only be redacted (updated to an empty string)');
      if (IN_FLIGHT.has(message.status)) throw invalid(`message ${sid} is still '${message.status}'; redact it once it has been sent`);
      message.body = '';
      message.dateUpdated = this.deps.timers.now();
      this.deps.events.emit({ type: 'message.updated', accountSid: message.accountSid, message });
    }
    return message;
  }

  /** Forget bookkeeping for an account's messages after its state was replaced (its timers are disarmed apart). */
  forgetAccount(previous: AccountState): void {
    for (const sid of previous.messages.keys()) {
      this.#expiry.delete(sid);
      this.#releases.delete(sid);
    }
  }

  /** Twilio lets you delete a message's media (e.g. for privacy) while keeping the message. */
  deleteMedia(account: AccountState, messageSid: string, mediaSid: string): void {
    const message = this.fetch(account, messageSid);
    const item = findMedia(message, mediaSid);
    message.media = message.media.filter((m) => m !== item);
    message.dateUpdated = this.deps.timers.now();
    this.deps.events.emit({ type: 'message.updated', accountSid: message.accountSid, message });
  }

  delete(account: AccountState, sid: string): void {
    const message = this.fetch(account, sid);
    if (!FINAL_MESSAGE_STATUSES.has(message.status)) {
      throw new TwilioError(20009, 400, `Cannot delete message ${sid}: it is '${message.status}', not in a final state yet`);
    }
    account.messages.delete(sid);
    this.deps.events.emit({ type: 'message.deleted', accountSid: account.account.sid, sid });
  }

  /**
   * A person texts one of the account's numbers. Opt-out keywords are applied (and answered) the way Twilio's
   * default opt-out handling does; the received message is stored and announced so the inbound webhook goes out.
   */
  receive(account: AccountState, input: { from: string; to: string; body: string; mediaUrls?: string[] }): Message {
    const from = phoneFacts(input.from);
    if (!from) throw badRequest(21212, `Invalid 'From' Phone Number: ${input.from}`);
    const ours = account.numberByPhone(input.to);
    if (!ours) throw notFound(`The number ${input.to} is not owned by account ${account.account.sid}`);
    const now = this.deps.timers.now();
    const segments = countSegments(input.body);
    const mediaUrls = input.mediaUrls ?? [];
    const message: Message = {
      sid: this.deps.sids.create(mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: account.account.sid,
      // A number in a Messaging Service's sender pool receives on the service's behalf.
      messagingServiceSid: [...account.messagingServices.values()].find((svc) => svc.senders.includes(ours.phoneNumber))?.sid ?? null,
      from: from.e164,
      to: ours.phoneNumber,
      body: input.body,
      media: mediaFor(mediaUrls, this.deps.sids, now),
      numSegments: Math.max(1, segments.segments),
      encoding: segments.encoding,
      direction: 'inbound',
      status: 'received',
      errorCode: null,
      errorMessage: null,
      price: -this.deps.prices.inboundSms(phoneFacts(ours.phoneNumber)?.country ?? null, segments.segments),
      priceUnit: account.account.currency,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
      statusCallback: null,
      validityPeriodS: DEFAULT_VALIDITY_S,
      sendAt: null,
    };
    account.addMessage(message);
    this.deps.events.emit({ type: 'message.created', accountSid: message.accountSid, message });
    this.#applyKeyword(account, message);
    return message;
  }

  #applyKeyword(account: AccountState, inbound: Message): void {
    const kind = keywordOf(inbound.body);
    if (!kind || !inbound.from) return;
    const key = optOutKey(inbound.to, inbound.from);
    if (kind === 'stop' || kind === 'start') {
      const optedOut = kind === 'stop';
      if (optedOut) account.optOuts.add(key);
      else account.optOuts.delete(key);
      this.deps.events.emit({
        type: 'message.opt-out',
        accountSid: account.account.sid,
        number: inbound.to,
        person: inbound.from,
        optedOut,
      });
    }
    // The confirmation goes out even to a person who just opted out; it is the last message they get.
    try {
      this.#send(account, { from: inbound.to, to: inbound.from, body: KEYWORD_REPLIES[kind] }, 'outbound-reply', { skipOptOut: true });
    } catch (error) {
      // e.g. the number can't send SMS: the keyword still counts, only the courtesy reply is lost, as at Twilio.
      if (!(error instanceof TwilioError)) throw error;
    }
  }

  /** Internal sends (keyword replies) go through the same queue and life cycle as API sends. */
  #send(account: AccountState, input: CreateMessageInput, direction: MessageDirection, options: { skipOptOut: boolean }): Message {
    if (options.skipOptOut && input.from && input.to) {
      const key = optOutKey(input.from, input.to);
      const wasOut = account.optOuts.delete(key);
      try {
        return this.create(account, input, direction);
      } finally {
        if (wasOut) account.optOuts.add(key);
      }
    }
    return this.create(account, input, direction);
  }

  /** accepted/scheduled → queued: a Messaging Service hands the message to a sender. */
  #release(account: AccountState, message: Message): void {
    this.#releases.delete(message.sid);
    if (message.status !== 'accepted' && message.status !== 'scheduled') return;
    if (!account.messages.has(message.sid)) return;
    this.#setStatus(message, 'queued');
    this.#enqueue(message);
  }

  #enqueue(message: Message): void {
    const sender = senderKey(message.accountSid, message.from!);
    // ValidityPeriod counts from when the message joins the sender's queue (for a scheduled one: at SendAt).
    const expiresAt = this.deps.timers.now() + message.validityPeriodS * 1000;
    const expiryTimer = this.deps.timers.at(message.accountSid, expiresAt, () => {
      this.#expiry.delete(message.sid);
      if (message.status !== 'queued') return;
      this.deps.queues.remove(sender, message.sid);
      this.#finish(message, 'failed', 30001);
    });
    this.#expiry.set(message.sid, expiryTimer);
    this.deps.queues.enqueue(sender, {
      messageSid: message.sid,
      segments: message.numSegments,
      start: () => this.#startSending(message),
    });
  }

  #startSending(message: Message): void {
    this.deps.timers.cancel(this.#expiry.get(message.sid));
    this.#expiry.delete(message.sid);
    if (message.status !== 'queued') return;
    const { timings } = this.deps;
    const scenario = this.deps.scenarios.for(message.accountSid, message.to);
    // A failed message never left Twilio: queued → failed, without passing through sending.
    if (scenario.outcome === 'failed') {
      this.deps.timers.after(message.accountSid, timings.failLatencyMs, () => this.#finish(message, 'failed', scenario.errorCode ?? 30008));
      return;
    }
    this.#setStatus(message, 'sending');
    this.deps.timers.after(message.accountSid, timings.sendLatencyMs, () => {
      message.dateSent = this.deps.timers.now();
      this.#setStatus(message, 'sent');
      if (scenario.outcome === 'never') return;
      if (scenario.outcome === 'undelivered') {
        this.deps.timers.after(message.accountSid, timings.deliveryReceiptMs, () =>
          this.#finish(message, 'undelivered', scenario.errorCode ?? 30003),
        );
        return;
      }
      const delay = scenario.outcome === 'slow' ? (scenario.delayMs ?? timings.slowDeliveryMs) : timings.deliveryReceiptMs;
      this.deps.timers.after(message.accountSid, delay, () => this.#finish(message, 'delivered', null));
    });
  }

  #finish(message: Message, status: MessageStatus, errorCode: number | null): void {
    message.errorCode = errorCode;
    message.errorMessage = errorCode === null ? null : (ERROR_MESSAGES[errorCode] ?? 'Delivery failed');
    // Charged when the message left Twilio; a message that never did (failed) costs nothing.
    if (status === 'delivered' || status === 'undelivered') {
      message.price = -this.deps.prices.outboundSms(phoneFacts(message.to)?.country ?? null, message.numSegments);
    } else if (status === 'failed') {
      message.price = 0;
    }
    this.#setStatus(message, status);
  }

  #setStatus(message: Message, status: MessageStatus): void {
    const previous = message.status;
    message.status = status;
    message.dateUpdated = this.deps.timers.now();
    this.deps.events.emit({ type: 'message.status', accountSid: message.accountSid, message, previous });
  }
}
