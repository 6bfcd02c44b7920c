// Per-sender pacing, as carriers and Twilio apply it: a long code sends one segment per second (configurable);
// messages wait in a FIFO queue behind the sender. A 10-segment message holds its sender for 10 s.
import { badRequest } from '../../kernel/errors.js';
import type { AccountTimers } from '../../kernel/timers.js';
import type { TimerId } from '../../kernel/clock.js';

export interface QueuedSend {
  messageSid: string;
  segments: number;
  /** Called when the sender takes this message (status goes queued → sending). */
  start: () => void;
}

interface Waiting extends QueuedSend {
  holdMs: number;
}

interface SenderState {
  busyUntil: number;
  queue: Waiting[];
  /** Sum of the waiting messages' hold times, kept as they come and go (a sender may hold ~36 000 of them). */
  waitingMs: number;
  timer: TimerId | undefined;
}

export interface PacingOptions {
  /** Segments one sender transmits per second. Twilio long codes: 1. */
  segmentsPerSecond: number;
  /** Twilio refuses new messages (21611) once a sender's queue holds more than this much traffic. Default 10 h. */
  queueLimitMs: number;
}

/** Queues are per account and sender number: two accounts never share a sender's pace. */
export const senderKey = (accountSid: string, from: string) => `${accountSid}|${from}`;
const ownerOf = (sender: string) => sender.slice(0, sender.indexOf('|'));

const MIN_RATE = 0.001;
const MAX_RATE = 10_000;

export const DEFAULT_PACING: PacingOptions = { segmentsPerSecond: 1, queueLimitMs: 10 * 60 * 60 * 1000 };

export class SenderQueues {
  #senders = new Map<string, SenderState>();
  #rates = new Map<string, number>();

  constructor(
    private readonly timers: AccountTimers,
    private readonly options: PacingOptions,
  ) {}

  /** Override the rate for one sender key (e.g. a short code or a raised-throughput number). */
  setRate(sender: string, segmentsPerSecond: number): void {
    // Bounded both ways: a rate near zero would put the next send past the last representable date.
    if (!(segmentsPerSecond >= MIN_RATE && segmentsPerSecond <= MAX_RATE)) {
      throw badRequest(20001, `segmentsPerSecond must be a number from ${MIN_RATE} to ${MAX_RATE}`);
    }
    this.#rates.set(sender, segmentsPerSecond);
  }

  /** How long, from now, until everything already waiting for this sender has gone out. */
  backlogMs(sender: string): number {
    const state = this.#senders.get(sender);
    if (!state) return 0;
    return Math.max(0, state.busyUntil - this.timers.now(ownerOf(sender))) + state.waitingMs;
  }

  wouldOverflow(sender: string): boolean {
    return this.backlogMs(sender) > this.options.queueLimitMs;
  }

  enqueue(sender: string, item: QueuedSend): void {
    const state = this.#state(sender);
    const holdMs = this.#holdMs(sender, item.segments);
    state.queue.push({ ...item, holdMs });
    state.waitingMs += holdMs;
    this.#pump(sender, state);
  }

  /** After a restart: the sender took a message of `segments` at `takenAt`, so it is busy until that has gone. */
  heldSince(sender: string, takenAt: number, segments: number): void {
    const state = this.#state(sender);
    state.busyUntil = Math.max(state.busyUntil, takenAt + this.#holdMs(sender, segments));
  }

  /** Take a waiting message out of the queue (expired or canceled). False when it was not waiting. */
  remove(sender: string, messageSid: string): boolean {
    const state = this.#senders.get(sender);
    const index = state?.queue.findIndex((item) => item.messageSid === messageSid) ?? -1;
    if (!state || index < 0) return false;
    state.waitingMs -= state.queue.splice(index, 1)[0]!.holdMs;
    return true;
  }

  /** Forget an account's senders: their queues, pace overrides and busy time (its timers are disarmed apart). */
  resetAccount(accountSid: string): void {
    const prefix = senderKey(accountSid, '');
    for (const key of [...this.#senders.keys()]) if (key.startsWith(prefix)) this.#senders.delete(key);
    for (const key of [...this.#rates.keys()]) if (key.startsWith(prefix)) this.#rates.delete(key);
  }

  #pump(sender: string, state: SenderState): void {
    if (state.timer !== undefined || state.queue.length === 0) return;
    const owner = ownerOf(sender);
    state.timer = this.timers.at(owner, Math.max(state.busyUntil, this.timers.now(owner)), () => {
      state.timer = undefined;
      const next = state.queue.shift();
      if (next) {
        state.waitingMs -= next.holdMs;
        state.busyUntil = this.timers.now(owner) + this.#holdMs(sender, next.segments);
        next.start();
      }
      this.#pump(sender, state);
    });
  }

  #holdMs(sender: string, segments: number): number {
    const rate = this.#rates.get(sender) ?? this.options.segmentsPerSecond;
    return (Math.max(1, segments) * 1000) / rate;
  }

  #state(sender: string): SenderState {
    let state = this.#senders.get(sender);
    if (!state) {
      state = { busyUntil: 0, queue: [], waitingMs: 0, timer: undefined };
      this.#senders.set(sender, state);
    }
    return state;
  }
}
