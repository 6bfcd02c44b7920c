// The kernel: what every resource shares and nothing more — the clock and the account-owned timers on it, the
// event bus, SIDs, the accounts, prices, per-recipient scenarios and debugger alerts. No HTTP, no webhooks, no
// resource: resources are built on top of a kernel (resources/*) and register their own reset work here.
import { randomInt } from 'node:crypto';
import { Accounts } from './accounts.js';
import { AlertLog } from './alerts.js';
import { type Clock, VirtualClock } from './clock.js';
import { TwilioError } from './errors.js';
import { EventBus } from './events.js';
import type { Fixtures } from './fixture-types.js';
import { SidFactory } from './ids.js';
import { PriceBook } from './pricing.js';
import { ScenarioBook } from './scenarios.js';
import { AccountTimers } from './timers.js';

export interface KernelOptions {
  clock: Clock;
  fixtures: Fixtures;
  /** Seed for SIDs: the same seed gives the same SIDs run to run. Default: a new random seed per run. */
  seed?: number;
}

export class Kernel {
  /** The shared clock: every account's, unless the account has its own. */
  readonly clock: Clock;
  readonly fixtures: Fixtures;
  readonly events = new EventBus();
  readonly timers: AccountTimers;
  readonly sids: SidFactory;
  readonly accounts: Accounts;
  readonly prices: PriceBook;
  readonly scenarios: ScenarioBook;
  readonly alerts: AlertLog;
  readonly #resetHooks: Array<(accountSid: string) => void> = [];
  /** Accounts on a virtual clock of their own (their suites' time never moves anyone else's). */
  readonly #ownClocks = new Map<string, VirtualClock>();

  constructor(options: KernelOptions) {
    this.clock = options.clock;
    this.fixtures = options.fixtures;
    this.timers = new AccountTimers((owner) => this.clockOf(owner));
    this.sids = new SidFactory(options.seed ?? randomInt(2 ** 31));
    this.accounts = new Accounts(options.fixtures, options.clock.now());
    this.prices = new PriceBook(options.fixtures.prices);
    this.scenarios = new ScenarioBook();
    this.alerts = new AlertLog((accountSid) => this.now(accountSid), this.events);
    for (const fixture of options.fixtures.accounts) if (fixture.ownClock) this.giveOwnClock(fixture.sid);
  }

  /** The clock an account's time runs on. */
  clockOf(accountSid: string): Clock {
    return this.#ownClocks.get(accountSid) ?? this.clock;
  }

  /** Now, for an account. */
  now(accountSid: string): number {
    return this.clockOf(accountSid).now();
  }

  /**
   * Put an account on a virtual clock of its own, starting at the shared clock's time: advancing it, or a slow
   * webhook receiver of this account, never moves or stalls anyone else. Only while nothing is armed for it.
   */
  giveOwnClock(accountSid: string): VirtualClock {
    const existing = this.#ownClocks.get(accountSid);
    if (existing) return existing;
    if (this.timers.hasArmed(accountSid)) {
      throw new TwilioError(20409, 409, `Account ${accountSid} has work in progress on the shared clock; reset it first`);
    }
    const own = new VirtualClock({ startAt: this.clock.now() });
    this.#ownClocks.set(accountSid, own);
    this.events.emit({ type: 'account.clock', accountSid });
    return own;
  }

  /** An own clock read back after a restart (`--data`), at the time it had reached; before anything is armed. */
  restoreOwnClock(accountSid: string, at: number): void {
    this.#ownClocks.set(accountSid, new VirtualClock({ startAt: at }));
  }

  /** Work a component must do when an account is reset (drop its logs, queues, bookkeeping). */
  onAccountReset(hook: (accountSid: string) => void): void {
    this.#resetHooks.push(hook);
  }

  /**
   * The one reset path: an account back to its fixture. Its timers are disarmed, its state object replaced (every
   * resource's records go with it), and each component's hook runs. Other accounts are untouched.
   */
  resetAccount(accountSid: string): void {
    const removed = this.accounts.reset(accountSid, this.now(accountSid));
    for (const sid of removed) this.#ownClocks.delete(sid);
    for (const sid of [...removed, accountSid]) {
      this.timers.cancelOwnedBy(sid);
      this.scenarios.resetAccount(sid);
      this.alerts.clear(sid);
      for (const hook of this.#resetHooks) hook(sid);
      this.events.emit({ type: 'account.reset', accountSid: sid });
    }
  }
}
