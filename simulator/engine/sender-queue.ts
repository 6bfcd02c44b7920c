// Per-sender pacing, as carriers and Twilio apply it: a long code sends one segment per second (configurable);
// messages wait in a FIFO queue behind the sender. A 10-segment message holds its sender for 10 s.
import { badRequest } from './errors.js';
import type { EngineTimers } from './timers.js';
import type { TimerId } from './clock.js';

export interface QueuedSend {
  messageSid: string;
  segments: number;
  /** Called when the sender takes this message (status goes queued → sending). */
  start: () => void;
}

interface SenderState {
  busyUntil: number;
  queue: QueuedSend[];
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

export const DEFAULT_PACING: PacingOptions = { segmentsPerSecond: 1, queueLimitMs: 10 * 60 * 60 * 1000 };

export class SenderQueues {
  #senders = new Map<string, SenderState>();
  #rates = new Map<string, number>();

  constructor(
    private readonly timers: EngineTimers,
    private readonly options: PacingOptions,
  ) {}

  /** Override the rate for one sender key (e.g. a short code or a raised-throughput number). */
  setRate(sender: string, segmentsPerSecond: number): void {
    if (!(segmentsPerSecond > 0) || !Number.isFinite(segmentsPerSecond)) {
      throw badRequest(20001, 'segmentsPerSecond must be a positive number');
    }
    this.#rates.set(sender, segmentsPerSecond);
  }

  /** How long, from now, until everything already waiting for this sender has gone out. */
  backlogMs(sender: string): number {
    const state = this.#senders.get(sender);
    if (!state) return 0;
    const waiting = state.queue.reduce((sum, item) => sum + this.#holdMs(sender, item.segments), 0);
    return Math.max(0, state.busyUntil - this.timers.now()) + waiting;
  }

  wouldOverflow(sender: string): boolean {
    return this.backlogMs(sender) > this.options.queueLimitMs;
  }

  enqueue(sender: string, item: QueuedSend): void {
    const state = this.#state(sender);
    state.queue.push(item);
    this.#pump(sender, state);
  }

  /** Take a waiting message out of the queue (expired or canceled). False when it was not waiting. */
  remove(sender: string, messageSid: string): boolean {
    const state = this.#senders.get(sender);
    const index = state?.queue.findIndex((item) => item.messageSid === messageSid) ?? -1;
    if (!state || index < 0) return false;
    state.queue.splice(index, 1);
    return true;
  }

  /** Always through the clock, even when the sender is idle, so a create's response still says `queued`. */
  #pump(sender: string, state: SenderState): void {
    if (state.timer !== undefined || state.queue.length === 0) return;
    state.timer = this.timers.at(Math.max(state.busyUntil, this.timers.now()), () => {
      state.timer = undefined;
      const next = state.queue.shift();
      if (next) {
        state.busyUntil = this.timers.now() + this.#holdMs(sender, next.segments);
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
      state = { busyUntil: 0, queue: [], timer: undefined };
      this.#senders.set(sender, state);
    }
    return state;
  }
}
