// The kernel's view of time, per account: each timer belongs to the account it works for and runs on that
// account's clock (the shared one, or the account's own when it has one). A reset disarms one account's timers
// without touching anything else on the same clock.
import type { Clock, Task, TimerId } from './clock.js';

interface Armed {
  owner: string;
  clock: Clock;
  clockId: TimerId;
}

export class AccountTimers {
  #seq = 0;
  readonly #armed = new Map<TimerId, Armed>();

  constructor(private readonly clockOf: (owner: string) => Clock) {}

  now(owner: string): number {
    return this.clockOf(owner).now();
  }

  /** `owner` is the AccountSid the timer works for; `atMs` is on that account's clock. */
  at(owner: string, atMs: number, task: Task): TimerId {
    const id: TimerId = ++this.#seq;
    const clock = this.clockOf(owner);
    const clockId = clock.at(atMs, () => {
      this.#armed.delete(id);
      return task();
    });
    this.#armed.set(id, { owner, clock, clockId });
    return id;
  }

  after(owner: string, delayMs: number, task: Task): TimerId {
    return this.at(owner, this.now(owner) + Math.max(0, delayMs), task);
  }

  cancel(id: TimerId | undefined): void {
    const armed = id === undefined ? undefined : this.#armed.get(id);
    if (!armed) return;
    armed.clock.cancel(armed.clockId);
    this.#armed.delete(id!);
  }

  cancelOwnedBy(owner: string): void {
    for (const [id, armed] of this.#armed) {
      if (armed.owner !== owner) continue;
      armed.clock.cancel(armed.clockId);
      this.#armed.delete(id);
    }
  }

  /** Whether anything is armed for this account (a clock can only be swapped while nothing is). */
  hasArmed(owner: string): boolean {
    for (const armed of this.#armed.values()) if (armed.owner === owner) return true;
    return false;
  }
}
