// How a device waits for something to happen. On the virtual clock it moves time itself, one instant of timers at a
// time, and stops at the first instant after which the awaited thing is true: a test reads like the conversation and
// never sleeps. On any other clock it listens to the event bus and gives up after the same span of clock time.
import { type Clock, VirtualClock } from '../kernel/clock.js';
import type { EventBus } from '../kernel/events.js';

/** Simulated time a wait may take unless told otherwise: long enough for any ring, prompt or delivery receipt. */
export const DEFAULT_WAIT_MS = 60_000;
// A TwiML loop that keeps rescheduling at one instant must not spin a wait forever.
const MAX_STEPS = 100_000;
// When no timer is due before the deadline, an app may still be on its way to the simulator (a REST request made
// after it answered a webhook). Give the event loop a few turns — not a sleep — before calling the wait lost.
const GRACE_TURNS = 5;

export class Waiter {
  // Waits share one clock: stepping is serialised so two waits never both advance to the same instant.
  #stepping: Promise<unknown> = Promise.resolve();

  constructor(
    /** Each account's clock (its own, or the shared one): a wait moves the time of the account it waits in. */
    private readonly clockOf: (accountSid: string) => Clock,
    private readonly events: EventBus,
  ) {}

  /** `check` until it gives a value, for at most `timeoutMs` of the account's clock time; undefined when time ran out. */
  until<T>(accountSid: string, check: () => T | undefined, timeoutMs = DEFAULT_WAIT_MS): Promise<T | undefined> {
    const clock = this.clockOf(accountSid);
    return clock instanceof VirtualClock ? this.#stepUntil(clock, check, timeoutMs) : this.#listenUntil(clock, check, timeoutMs);
  }

  async #stepUntil<T>(clock: VirtualClock, check: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const deadline = clock.now() + timeoutMs;
    for (let steps = 0; steps < MAX_STEPS; steps++) {
      await clock.settled();
      const found = check();
      if (found !== undefined) return found;
      if (!(await this.#step(clock, deadline))) {
        if (await this.#graceTurns(clock, deadline)) continue;
        // Nothing else can happen before the deadline: the wait took its whole span, as it would have in real time.
        await this.#serial(() => clock.advance(Math.max(0, deadline - clock.now())));
        return check();
      }
    }
    throw new Error(`a wait went through ${MAX_STEPS} instants without the clock reaching its deadline`);
  }

  /** Fire the next instant's timers if it comes before the deadline; false when none does. */
  #step(clock: VirtualClock, deadline: number): Promise<boolean> {
    return this.#serial(async () => {
      const next = clock.nextAt();
      if (next === null || next > deadline) return false;
      await clock.advance(Math.max(0, next - clock.now()));
      return true;
    });
  }

  async #graceTurns(clock: VirtualClock, deadline: number): Promise<boolean> {
    for (let turn = 0; turn < GRACE_TURNS; turn++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = clock.nextAt();
      if (next !== null && next <= deadline) return true;
    }
    return false;
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#stepping.then(work);
    this.#stepping = result.catch(() => undefined);
    return result;
  }

  #listenUntil<T>(clock: Clock, check: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const found = check();
      if (found !== undefined) return resolve(found);
      const finish = (value: T | undefined) => {
        unsubscribe();
        clock.cancel(timer);
        resolve(value);
      };
      // Re-checked after each event's other subscribers (the device's own bookkeeping) have run.
      const unsubscribe = this.events.subscribe(() =>
        queueMicrotask(() => {
          const value = check();
          if (value !== undefined) finish(value);
        }),
      );
      const timer = clock.after(timeoutMs, () => finish(check()));
    });
  }
}
