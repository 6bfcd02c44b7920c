// The engine's own view of the clock: remembers what it armed so a reset can disarm all of it at once, without
// touching timers that belong to anything else on the same clock.
import type { Clock, Task, TimerId } from './clock.js';

export class EngineTimers {
  #armed = new Set<TimerId>();

  constructor(readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  at(atMs: number, task: Task): TimerId {
    const id: TimerId = this.clock.at(atMs, () => {
      this.#armed.delete(id);
      return task();
    });
    this.#armed.add(id);
    return id;
  }

  after(delayMs: number, task: Task): TimerId {
    return this.at(this.clock.now() + Math.max(0, delayMs), task);
  }

  cancel(id: TimerId | undefined): void {
    if (id === undefined) return;
    this.clock.cancel(id);
    this.#armed.delete(id);
  }

  cancelAll(): void {
    for (const id of this.#armed) this.clock.cancel(id);
    this.#armed.clear();
  }
}
