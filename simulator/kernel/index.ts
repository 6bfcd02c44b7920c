// The kernel: what every resource shares and nothing more — the clock and the account-owned timers on it, the
// event bus, SIDs, the accounts, prices, per-recipient scenarios and debugger alerts. No HTTP, no webhooks, no
// resource: resources are built on top of a kernel (resources/*) and register their own reset work here.
import { randomInt } from 'node:crypto';
import { Accounts } from './accounts.js';
import { AlertLog } from './alerts.js';
import type { Clock } from './clock.js';
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

  constructor(options: KernelOptions) {
    this.clock = options.clock;
    this.fixtures = options.fixtures;
    this.timers = new AccountTimers(options.clock);
    this.sids = new SidFactory(options.seed ?? randomInt(2 ** 31));
    this.accounts = new Accounts(options.fixtures, options.clock.now());
    this.prices = new PriceBook(options.fixtures.prices);
    this.scenarios = new ScenarioBook();
    this.alerts = new AlertLog(options.clock, this.events);
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
    const removed = this.accounts.reset(accountSid, this.clock.now());
    for (const sid of [...removed, accountSid]) {
      this.timers.cancelOwnedBy(sid);
      this.scenarios.resetAccount(sid);
      this.alerts.clear(sid);
      for (const hook of this.#resetHooks) hook(sid);
      this.events.emit({ type: 'account.reset', accountSid: sid });
    }
  }
}
