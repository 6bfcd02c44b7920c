// Messages: create/fetch/list/update/delete and inbound messages with opt-out keywords. The status life cycle is
// the table in lifecycle.ts, run on the kernel's timers; what makes a new message acceptable is validation.ts.
// Everything here speaks domain types; serializer.ts and routes.ts do the wire.
import type { AccountState } from '../../kernel/accounts.js';
import { TwilioError, badRequest, notFound } from '../../kernel/errors.js';
import type { Kernel } from '../../kernel/index.js';
import { Lifecycle, type Step } from '../../kernel/lifecycle.js';
import { phoneFacts } from '../../kernel/phone.js';
import {
  CANCEL,
  DEFAULT_TIMINGS,
  MESSAGE_LIFECYCLE,
  type MessageLifecycleContext,
  type MessageTimings,
  SENDER_TOOK_IT,
} from './lifecycle.js';
import { mediaFor, findMedia } from './media.js';
import { KEYWORD_REPLIES, keywordOf, optOutKey } from './opt-out.js';
import { smsScenarioFor } from './scenarios.js';
import { countSegments } from './segments.js';
import { DEFAULT_PACING, type PacingOptions, SenderQueues, senderKey } from './sender-queue.js';
import { MESSAGES, type MessageBox, type MessageFilter, type MessageListView } from './store.js';
import type { Message, MessageDirection, MessageStatus } from './types.js';
import { type CreateMessageInput, validateNewMessage } from './validation.js';

declare module '../../kernel/events.js' {
  interface EngineEventMap {
    'message.created': { accountSid: string; message: Message };
    'message.status': { accountSid: string; message: Message; previous: MessageStatus };
    'message.updated': { accountSid: string; message: Message };
    'message.deleted': { accountSid: string; sid: string };
    'message.opt-out': { accountSid: string; number: string; person: string; optedOut: boolean };
  }
}

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

export interface MessageOptions {
  timings?: Partial<MessageTimings>;
  pacing?: Partial<PacingOptions>;
}

export class MessageService {
  readonly queues: SenderQueues;
  readonly #lifecycle: Lifecycle<MessageStatus, Message, MessageLifecycleContext>;
  readonly #timings: MessageTimings;

  constructor(
    private readonly kernel: Kernel,
    options: MessageOptions = {},
  ) {
    this.queues = new SenderQueues(kernel.timers, { ...DEFAULT_PACING, ...options.pacing });
    this.#timings = { ...DEFAULT_TIMINGS, ...options.timings };
    const context = {
      timings: this.#timings,
      scenario: (m: Message) => smsScenarioFor(kernel.scenarios, m.accountSid, m.to),
    };
    this.#lifecycle = new Lifecycle(MESSAGE_LIFECYCLE, kernel.timers, context, (m, step, from) => this.#apply(m, step, from));
    kernel.onAccountReset((accountSid) => {
      this.queues.resetAccount(accountSid);
      this.#lifecycle.forgetAccount(accountSid);
    });
  }

  box(account: AccountState): MessageBox {
    return account.slot(MESSAGES);
  }

  create(account: AccountState, input: CreateMessageInput, direction: MessageDirection = 'outbound-api'): Message {
    const draft = validateNewMessage(account, this.box(account), input, { now: this.kernel.now(account.sid), queues: this.queues });
    const now = this.kernel.now(account.sid);
    const segments = countSegments(draft.body);
    const message: Message = {
      sid: this.kernel.sids.create(draft.mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: account.account.sid,
      messagingServiceSid: draft.messagingServiceSid,
      from: draft.from,
      to: draft.to,
      body: draft.body,
      media: mediaFor(draft.mediaUrls, this.kernel.sids, now),
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
      // Set before the created event, so whoever records the event (the journal) has the queue's start.
      queuedAt: draft.messagingServiceSid ? null : now,
    };
    this.box(account).add(message);
    this.kernel.events.emit({ type: 'message.created', accountSid: message.accountSid, message });
    if (message.status === 'queued') this.#enqueue(message);
    else this.#lifecycle.begin(message);
    return message;
  }

  fetch(account: AccountState, sid: string): Message {
    const message = this.box(account).messages.get(sid);
    if (!message) throw notFound(`Message ${sid} was not found`);
    return message;
  }

  /** The newest-first list a filter selects, to be paged (store.ts keeps the indexes that make a page cheap). */
  list(account: AccountState, filter: MessageFilter): MessageListView {
    return this.box(account).view(filter);
  }

  /** A message read back from the journal, stored as it was last recorded; no event (it already happened). */
  restore(account: AccountState, message: Message): void {
    const box = this.box(account);
    const known = box.messages.get(message.sid);
    if (!known) {
      box.add(message);
      return;
    }
    const wasSent = known.dateSent !== null;
    Object.assign(known, message);
    if (!wasSent && known.dateSent !== null) box.sent(known);
  }

  /** A deleted message read back from the journal. */
  forget(account: AccountState, sid: string): void {
    this.box(account).delete(sid);
  }

  /**
   * After a restore: every message still in flight back on its timers, from the times it recorded, and queued
   * ones back in their senders' queues in creation order.
   */
  resume(account: AccountState): void {
    const inFlight = [...this.box(account).messages.values()].filter((m) => !this.#lifecycle.isFinal(m.status));
    // Senders first remember what they were busy sending, so queued messages keep their pace.
    for (const m of inFlight) {
      if (m.from === null || m.direction === 'inbound') continue;
      if (m.status === 'sending') this.queues.heldSince(senderKey(m.accountSid, m.from), m.dateUpdated, m.numSegments);
      if (m.status === 'sent' && m.dateSent !== null) {
        this.queues.heldSince(senderKey(m.accountSid, m.from), m.dateSent - this.#timings.sendLatencyMs, m.numSegments);
      }
    }
    for (const m of inFlight) {
      if (m.status === 'queued') {
        this.#lifecycle.resume(m, m.queuedAt ?? m.dateCreated);
        this.#queue(m);
      } else {
        this.#lifecycle.resume(m, m.status === 'sent' ? (m.dateSent ?? m.dateUpdated) : m.dateUpdated);
      }
    }
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
      this.#lifecycle.trigger(message, CANCEL);
    }
    if (change.body !== undefined) {
      if (change.body !== '') throw invalid('a body can only be redacted (updated to an empty string)');
      if (IN_FLIGHT.has(message.status)) throw invalid(`message ${sid} is still '${message.status}'; redact it once it has been sent`);
      message.body = '';
      message.dateUpdated = this.kernel.now(message.accountSid);
      this.kernel.events.emit({ type: 'message.updated', accountSid: message.accountSid, message });
    }
    return message;
  }

  /** Twilio lets you delete a message's media (e.g. for privacy) while keeping the message. */
  deleteMedia(account: AccountState, messageSid: string, mediaSid: string): void {
    const message = this.fetch(account, messageSid);
    const item = findMedia(message, mediaSid);
    message.media = message.media.filter((m) => m !== item);
    message.dateUpdated = this.kernel.now(message.accountSid);
    this.kernel.events.emit({ type: 'message.updated', accountSid: message.accountSid, message });
  }

  delete(account: AccountState, sid: string): void {
    const message = this.fetch(account, sid);
    if (!this.#lifecycle.isFinal(message.status)) {
      throw new TwilioError(20009, 400, `Cannot delete message ${sid}: it is '${message.status}', not in a final state yet`);
    }
    this.box(account).delete(sid);
    this.kernel.events.emit({ type: 'message.deleted', accountSid: account.account.sid, sid });
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
    const now = this.kernel.now(account.sid);
    const segments = countSegments(input.body);
    const mediaUrls = input.mediaUrls ?? [];
    const message: Message = {
      sid: this.kernel.sids.create(mediaUrls.length > 0 ? 'MM' : 'SM'),
      accountSid: account.account.sid,
      // A number in a Messaging Service's sender pool receives on the service's behalf.
      messagingServiceSid: [...account.messagingServices.values()].find((svc) => svc.senders.includes(ours.phoneNumber))?.sid ?? null,
      from: from.e164,
      to: ours.phoneNumber,
      body: input.body,
      media: mediaFor(mediaUrls, this.kernel.sids, now),
      numSegments: Math.max(1, segments.segments),
      encoding: segments.encoding,
      direction: 'inbound',
      status: 'received',
      errorCode: null,
      errorMessage: null,
      price: -this.kernel.prices.inboundSms(phoneFacts(ours.phoneNumber)?.country ?? null, segments.segments),
      priceUnit: account.account.currency,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
      statusCallback: null,
      validityPeriodS: DEFAULT_VALIDITY_S,
      sendAt: null,
      queuedAt: null,
    };
    this.box(account).add(message);
    this.kernel.events.emit({ type: 'message.created', accountSid: message.accountSid, message });
    this.#applyKeyword(account, message);
    return message;
  }

  #applyKeyword(account: AccountState, inbound: Message): void {
    const kind = keywordOf(inbound.body);
    if (!kind || !inbound.from) return;
    const key = optOutKey(inbound.to, inbound.from);
    if (kind === 'stop' || kind === 'start') {
      const optedOut = kind === 'stop';
      if (optedOut) this.box(account).optOuts.add(key);
      else this.box(account).optOuts.delete(key);
      this.kernel.events.emit({
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
      const wasOut = this.box(account).optOuts.delete(key);
      try {
        return this.create(account, input, direction);
      } finally {
        if (wasOut) this.box(account).optOuts.add(key);
      }
    }
    return this.create(account, input, direction);
  }

  /** Into the sender's queue: the life cycle arms the ValidityPeriod, the queue says when the sender takes it. */
  #enqueue(message: Message): void {
    message.queuedAt = this.kernel.now(message.accountSid);
    this.#lifecycle.begin(message);
    this.#queue(message);
  }

  #queue(message: Message): void {
    this.queues.enqueue(senderKey(message.accountSid, message.from!), {
      messageSid: message.sid,
      segments: message.numSegments,
      start: () => this.#lifecycle.trigger(message, SENDER_TOOK_IT),
    });
  }

  /** One move of the life cycle table, with what goes with it. */
  #apply(message: Message, step: Step<MessageStatus>, from: MessageStatus): void {
    const now = this.kernel.now(message.accountSid);
    if (step.errorCode !== undefined) {
      message.errorCode = step.errorCode;
      message.errorMessage = step.errorCode === null ? null : (ERROR_MESSAGES[step.errorCode] ?? 'Delivery failed');
    }
    if (step.to === 'sent') {
      message.dateSent = now;
      this.box(this.kernel.accounts.get(message.accountSid)!).sent(message);
    }
    // Charged once the message left Twilio; one that never did (failed) costs nothing.
    if (step.to === 'delivered' || step.to === 'undelivered') {
      message.price = -this.kernel.prices.outboundSms(phoneFacts(message.to)?.country ?? null, message.numSegments);
    } else if (step.to === 'failed') {
      message.price = 0;
    }
    // A message that expired in the queue no longer waits for its sender.
    if (from === 'queued' && step.to === 'failed' && step.errorCode === 30001) {
      this.queues.remove(senderKey(message.accountSid, message.from!), message.sid);
    }
    message.status = step.to;
    message.dateUpdated = now;
    if (step.to === 'queued') message.queuedAt = now;
    this.kernel.events.emit({ type: 'message.status', accountSid: message.accountSid, message, previous: from });
    // Released by a Messaging Service (accepted/scheduled → queued): now it waits for its sender.
    if (step.to === 'queued') this.#enqueue(message);
  }
}
