// An account's messages, kept in its slot: the records, their creation order (so a paging cursor survives a
// delete), indexes for the list filters (To, From, DateSent) and who opted out of which of our numbers. A page of
// a list costs about one page of work whatever the box holds: the indexes are sorted posting lists of creation
// orders, read from the newest end.
import type { Slot } from '../../kernel/accounts.js';
import { OrderIndex } from './order-index.js';
import { SentIndex } from './sent-index.js';
import type { Message } from './types.js';

export interface MessageFilter {
  to?: string;
  from?: string;
  /** Inclusive bounds on date_sent, epoch ms. */
  sentFrom?: number;
  sentBefore?: number;
}

/** A newest-first list read a page at a time (the shape wire/paging.ts pages through). */
export interface MessageListView {
  /** Messages of the list newer than creation order `order` (newer or equal with `inclusive`). */
  countNewer(order: number, inclusive: boolean): number;
  /** Up to `limit` messages from newest-first position `start`. */
  take(start: number, limit: number): Message[];
}

/** Distinct strings (numbers, callback URLs) shared between messages; past this, new ones are kept as they come. */
const MAX_INTERNED = 10_000;

/** Below this many date matches, a date filter sorts its matches instead of walking the newest-first list. */
const SMALL_DATE_RANGE = 2048;

export class MessageBox {
  readonly messages = new Map<string, Message>();
  /** `${ourNumber}|${person}` pairs where the person texted STOP to our number. */
  readonly optOuts = new Set<string>();
  /** Creation order of every message ever stored, deleted ones included, so a paging cursor survives deletion. */
  readonly #order = new Map<string, number>();
  /** By creation order; a deleted message leaves a hole. */
  readonly #slots: Array<Message | undefined> = [];
  readonly #all = new OrderIndex();
  readonly #byTo = new Map<string, OrderIndex>();
  readonly #byFrom = new Map<string, OrderIndex>();
  readonly #sent = new SentIndex();
  /** One copy of each repeated string: every message from a sender would otherwise hold its own "+61…" string. */
  readonly #strings = new Map<string, string>();
  /**
   * How a DateSent filter finds its messages: 'auto' picks by how many were sent in the range; 'sort' and 'scan'
   * force one way (tests use them to check both against the same expectations).
   */
  readonly #dateStrategy: 'auto' | 'sort' | 'scan';
  /** Whether dateCreated never went down with creation order (lets a date filter skip newer messages by bisection). */
  #createdInOrder = true;

  constructor(options: { dateStrategy?: 'auto' | 'sort' | 'scan' } = {}) {
    this.#dateStrategy = options.dateStrategy ?? 'auto';
  }

  add(message: Message): void {
    const order = this.#slots.length;
    const previous = this.#slots[order - 1] ?? this.#lastLive();
    if (previous && message.dateCreated < previous.dateCreated) this.#createdInOrder = false;
    message.to = this.#intern(message.to);
    if (message.from !== null) message.from = this.#intern(message.from);
    if (message.statusCallback !== null) message.statusCallback = this.#intern(message.statusCallback);
    this.messages.set(message.sid, message);
    this.#order.set(message.sid, order);
    this.#slots.push(message);
    this.#all.push(order);
    indexUnder(this.#byTo, message.to, order);
    if (message.from !== null) indexUnder(this.#byFrom, message.from, order);
    if (message.dateSent !== null) this.#sent.add(message.dateSent, order);
  }

  /** The message got its date_sent (it left for the carrier): it now answers DateSent filters. */
  sent(message: Message): void {
    const order = this.#order.get(message.sid);
    if (order !== undefined && message.dateSent !== null && this.#slots[order] === message) this.#sent.add(message.dateSent, order);
  }

  delete(sid: string): boolean {
    const message = this.messages.get(sid);
    const order = this.#order.get(sid);
    if (!message || order === undefined) return false;
    this.messages.delete(sid);
    this.#slots[order] = undefined;
    this.#all.remove(order);
    this.#byTo.get(message.to)?.remove(order);
    if (message.from !== null) this.#byFrom.get(message.from)?.remove(order);
    return true;
  }

  /** Position in creation order (higher = newer), also for messages since deleted. */
  order(sid: string): number | undefined {
    return this.#order.get(sid);
  }

  /** Newest first, as Twilio lists messages (a copy: for tests and small boxes; lists page through `view`). */
  newestFirst(): Message[] {
    return this.view({}).take(0, this.#all.length);
  }

  /** The newest-first list a filter selects, to be paged without building it. */
  view(filter: MessageFilter): MessageListView {
    let base = this.#all;
    if (filter.to !== undefined) base = this.#byTo.get(filter.to) ?? EMPTY;
    if (filter.from !== undefined) {
      const byFrom = this.#byFrom.get(filter.from) ?? EMPTY;
      if (byFrom.length < base.length) base = byFrom;
    }
    const dated = filter.sentFrom !== undefined || filter.sentBefore !== undefined;
    const matches = (m: Message) =>
      (filter.to === undefined || m.to === filter.to) &&
      (filter.from === undefined || m.from === filter.from) &&
      (!dated || (m.dateSent !== null && m.dateSent >= (filter.sentFrom ?? -Infinity) && m.dateSent <= (filter.sentBefore ?? Infinity)));
    if (!dated)
      return base === this.#all || filter.to === undefined || filter.from === undefined
        ? this.#indexView(base)
        : this.#scanView(base, matches, base.length);
    const from = filter.sentFrom ?? -Infinity;
    const to = filter.sentBefore ?? Infinity;
    const inRange = this.#sent.countBetween(from, to);
    const sort = this.#dateStrategy === 'auto' ? inRange <= SMALL_DATE_RANGE || inRange * 8 <= base.length : this.#dateStrategy === 'sort';
    if (sort) {
      // Few messages were sent in the range: sort just those.
      const orders = this.#sent.ordersBetween(from, to).filter((o) => {
        const m = this.#slots[o];
        return m !== undefined && matches(m);
      });
      return this.#indexView(OrderIndex.fromSorted(orders.sort()));
    }
    // Many were: walk the list newest first, starting at the newest message created by the range's end (a message
    // is never sent before it was created).
    return this.#scanView(base, matches, this.#createdInOrder && filter.sentBefore !== undefined ? this.#createdBy(base, to) : base.length);
  }

  #indexView(index: OrderIndex): MessageListView {
    const slots = this.#slots;
    return {
      countNewer: (order, inclusive) => index.countNewer(order, inclusive),
      take(start, limit) {
        const out: Message[] = [];
        for (let i = index.length - 1 - start; i >= 0 && out.length < limit; i--) out.push(slots[index.at(i)]!);
        return out;
      },
    };
  }

  /** A filtered walk of `base` from just below position `top` (exclusive), newest first. */
  #scanView(base: OrderIndex, matches: (m: Message) => boolean, top: number): MessageListView {
    const slots = this.#slots;
    return {
      countNewer(order, inclusive) {
        let count = 0;
        for (let i = top - 1; i >= 0; i--) {
          const o = base.at(i);
          if (o < order || (!inclusive && o === order)) break;
          if (matches(slots[o]!)) count++;
        }
        return count;
      },
      take(start, limit) {
        const out: Message[] = [];
        let skip = start;
        for (let i = top - 1; i >= 0 && out.length < limit; i--) {
          const m = slots[base.at(i)]!;
          if (!matches(m)) continue;
          if (skip > 0) skip--;
          else out.push(m);
        }
        return out;
      },
    };
  }

  /** Position just past the newest entry of `base` created at or before `at` (dateCreated grows with order). */
  #createdBy(base: OrderIndex, at: number): number {
    let lo = 0;
    let hi = base.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#slots[base.at(mid)]!.dateCreated <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #intern(value: string): string {
    const known = this.#strings.get(value);
    if (known !== undefined) return known;
    if (this.#strings.size < MAX_INTERNED) this.#strings.set(value, value);
    return value;
  }

  #lastLive(): Message | undefined {
    return this.#all.length > 0 ? this.#slots[this.#all.at(this.#all.length - 1)] : undefined;
  }
}

const EMPTY = new OrderIndex();

function indexUnder(indexes: Map<string, OrderIndex>, key: string, order: number): void {
  let index = indexes.get(key);
  if (!index) {
    index = new OrderIndex();
    indexes.set(key, index);
  }
  index.push(order);
}

export const MESSAGES: Slot<MessageBox> = { name: 'messages', create: () => new MessageBox() };
