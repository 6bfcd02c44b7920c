// The kernel's view of the clock: remembers what it armed, and for which account, so a reset can disarm one
// account's timers (or all of them) without touching anything else on the same clock.
import type { Clock, Task, TimerId } from './clock.js';

export class AccountTimers {
  #armed = new Map<TimerId, string>();

  constructor(readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  /** `owner` is the AccountSid the timer works for. */
  at(owner: string, atMs: number, task: Task): TimerId {
    const id: TimerId = this.clock.at(atMs, () => {
      this.#armed.delete(id);
      return task();
    });
    this.#armed.set(id, owner);
    return id;
  }

  after(owner: string, delayMs: number, task: Task): TimerId {
    return this.at(owner, this.clock.now() + Math.max(0, delayMs), task);
  }

  cancel(id: TimerId | undefined): void {
    if (id === undefined) return;
    this.clock.cancel(id);
    this.#armed.delete(id);
  }

  cancelAll(): void {
    for (const id of this.#armed.keys()) this.clock.cancel(id);
    this.#armed.clear();
  }

  cancelOwnedBy(owner: string): void {
    for (const [id, armedFor] of this.#armed) {
      if (armedFor !== owner) continue;
      this.clock.cancel(id);
      this.#armed.delete(id);
    }
  }
}
