// A TimeSource that moves only when the test says so, for checking exact pacing intervals without waiting.
import type { TimeSource } from '../../../src/index.js';

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

export class ManualTime implements TimeSource {
  #now: number;
  #seq = 0;
  #sleepers: Sleeper[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.#sleepers.push({ at: this.#now + Math.max(0, ms), seq: ++this.#seq, wake }));
  }

  /** Move forward by `ms`, waking sleepers in time order and letting the code they release run before the next. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const due = this.#sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#sleepers.splice(this.#sleepers.indexOf(due), 1);
      this.#now = due.at;
      due.wake();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}

/** Let pending promise callbacks run (a few macrotask turns, no wall-clock waiting). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A TimeSource whose sleep returns at once but moves time on, recording every wait. */
export function autoAdvancingTime(start = 0): TimeSource & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}
