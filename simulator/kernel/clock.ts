// The one place in the simulator that reads wall time or arms host timers. Everything else asks a Clock, so the
// same scheduling code runs in real time (the CLI) or on a virtual timeline that tests move by hand.
import { TimerHeap } from './timer-heap.js';

export type TimerId = number;
export type Task = () => unknown;

export interface Clock {
  readonly kind: 'virtual' | 'real';
  /** Milliseconds since the Unix epoch, on this clock's timeline. */
  now(): number;
  /** Run `task` when the clock reaches `atMs` (absolute). Tasks due at the same instant run in scheduling order. */
  at(atMs: number, task: Task): TimerId;
  /** Run `task` `delayMs` from now. */
  after(delayMs: number, task: Task): TimerId;
  cancel(id: TimerId): void;
  /**
   * Register I/O started by a task (a webhook delivery, say). A virtual clock waits for tracked work after each
   * task before it fires the next one, so everything a moment caused has happened when `advance` resolves.
   */
  track(work: Promise<unknown>): void;
  /** Resolves once all tracked work has settled. */
  settled(): Promise<void>;
}

/** In-flight I/O a clock was told about; failures are the work's own business, only completion matters here. */
class TrackedWork {
  #pending = new Set<Promise<void>>();

  track(work: Promise<unknown>): void {
    const done = work.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(done);
    void done.then(() => this.#pending.delete(done));
  }

  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}

interface Timer {
  id: TimerId;
  at: number;
  seq: number;
  task: Task;
}

/** The last instant a JavaScript Date can represent (±8.64e15 ms); time never moves past it. */
export const MAX_TIME = 8.64e15;

/** Fixed default start for virtual time, so SIDs, dates and logs are reproducible run to run. */
export const DEFAULT_VIRTUAL_EPOCH = Date.UTC(2026, 0, 1, 0, 0, 0);

/** Time moves only through advance()/runUntilIdle(); timers fire in (time, scheduling order), one at a time. */
export class VirtualClock implements Clock {
  readonly kind = 'virtual' as const;
  #now: number;
  #seq = 0;
  #timers = new Map<TimerId, Timer>();
  #queue = new TimerHeap<Timer>();
  #tracked = new TrackedWork();
  #running: Promise<void> = Promise.resolve();
  #alive = (timer: Timer) => this.#timers.get(timer.id) === timer;

  constructor(options: { startAt?: number } = {}) {
    this.#now = options.startAt ?? DEFAULT_VIRTUAL_EPOCH;
  }

  now(): number {
    return this.#now;
  }

  at(atMs: number, task: Task): TimerId {
    if (!Number.isFinite(atMs) || atMs > MAX_TIME) throw new RangeError(`a timer at ${atMs} is beyond the representable dates`);
    const id = ++this.#seq;
    const timer = { id, at: Math.max(atMs, this.#now), seq: id, task };
    this.#timers.set(id, timer);
    this.#queue.push(timer);
    return id;
  }

  after(delayMs: number, task: Task): TimerId {
    return this.at(this.#now + Math.max(0, delayMs), task);
  }

  cancel(id: TimerId): void {
    this.#timers.delete(id);
  }

  track(work: Promise<unknown>): void {
    this.#tracked.track(work);
  }

  settled(): Promise<void> {
    return this.#tracked.settled();
  }

  /** Number of timers waiting to fire. */
  pending(): number {
    return this.#timers.size;
  }

  /** Time of the next timer, or null when nothing is scheduled. */
  nextAt(): number | null {
    return this.#next()?.at ?? null;
  }

  /** Move time forward by `ms`, firing every timer due on the way (including ones those timers schedule). */
  advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance needs a non-negative number of ms, got ${ms}`);
    if (this.#now + ms > MAX_TIME) throw new RangeError(`advancing ${ms} ms would pass the last representable date`);
    return this.#exclusive(async () => {
      const target = this.#now + ms;
      await this.settled();
      for (let timer = this.#next(); timer && timer.at <= target; timer = this.#next()) await this.#fireInstant(timer.at);
      this.#now = target;
    });
  }

  /** Fire timers until none are left, jumping time forward to each. Guards against self-rescheduling loops. */
  runUntilIdle(options: { maxTimers?: number } = {}): Promise<void> {
    const max = options.maxTimers ?? 1_000_000;
    return this.#exclusive(async () => {
      await this.settled();
      let fired = 0;
      for (let timer = this.#next(); timer; timer = this.#next()) {
        fired += await this.#fireInstant(timer.at);
        if (fired > max) throw new Error(`runUntilIdle fired ${max} timers and the clock is still busy`);
      }
    });
  }

  /**
   * One instant: every timer due at `at` runs in scheduling order (their synchronous parts strictly in order, their
   * async parts, such as webhook deliveries, side by side); then the clock waits for all of it before time moves.
   */
  async #fireInstant(at: number): Promise<number> {
    this.#now = at;
    const running: Promise<unknown>[] = [];
    let fired = 0;
    for (let timer = this.#next(); timer && timer.at === at; timer = this.#next()) {
      this.#timers.delete(timer.id);
      fired++;
      const result = timer.task();
      if (result instanceof Promise) running.push(result);
    }
    await Promise.all(running);
    await this.settled();
    return fired;
  }

  #next(): Timer | undefined {
    return this.#queue.peek(this.#alive);
  }

  #exclusive(run: () => Promise<void>): Promise<void> {
    const result = this.#running.then(run);
    this.#running = result.catch(() => undefined);
    return result;
  }
}

// setTimeout cannot wait longer than 2^31-1 ms; longer waits are re-armed in steps.
const MAX_HOST_DELAY = 2_147_483_647;

/** Wall time, optionally sped up (speed 60 = one real second is a simulated minute). */
export class RealClock implements Clock {
  readonly kind = 'real' as const;
  #seq = 0;
  #handles = new Map<TimerId, NodeJS.Timeout>();
  #tracked = new TrackedWork();
  readonly #speed: number;
  readonly #origin = Date.now();

  constructor(options: { speed?: number } = {}) {
    this.#speed = options.speed ?? 1;
    if (!(this.#speed > 0)) throw new RangeError('RealClock speed must be positive');
  }

  /** Simulated milliseconds per real one. */
  get speed(): number {
    return this.#speed;
  }

  now(): number {
    return this.#origin + Math.round((Date.now() - this.#origin) * this.#speed);
  }

  at(atMs: number, task: Task): TimerId {
    const id = ++this.#seq;
    this.#arm(id, atMs, task);
    return id;
  }

  after(delayMs: number, task: Task): TimerId {
    return this.at(this.now() + Math.max(0, delayMs), task);
  }

  cancel(id: TimerId): void {
    const handle = this.#handles.get(id);
    if (handle) clearTimeout(handle);
    this.#handles.delete(id);
  }

  track(work: Promise<unknown>): void {
    this.#tracked.track(work);
  }

  settled(): Promise<void> {
    return this.#tracked.settled();
  }

  /** Cancel everything still armed (used when a simulator stops). */
  dispose(): void {
    for (const handle of this.#handles.values()) clearTimeout(handle);
    this.#handles.clear();
  }

  #arm(id: TimerId, atMs: number, task: Task): void {
    const delay = Math.max(0, (atMs - this.now()) / this.#speed);
    const handle = setTimeout(
      () => {
        if (delay > MAX_HOST_DELAY) return this.#arm(id, atMs, task);
        this.#handles.delete(id);
        try {
          const result = task();
          if (result instanceof Promise) this.track(result);
        } catch {
          // A failing task must not take the process down; the task itself reports through the event bus.
        }
      },
      Math.min(delay, MAX_HOST_DELAY),
    );
    handle.unref();
    this.#handles.set(id, handle);
  }
}
