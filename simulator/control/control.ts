// The control surface, in process: what tests and tools use to drive the simulator (clock, reset, inbound SMS,
// delivery scenarios, faults, sender rates, logs), scoped to one account. The /__sim HTTP routes
// (control/routes.ts) are a JSON mapping of these same methods.
import type { Simulator } from '../app.js';
import type { AccountState } from '../kernel/accounts.js';
import type { Alert } from '../kernel/alerts.js';
import { RealClock, VirtualClock } from '../kernel/clock.js';
import { TwilioError, notFound } from '../kernel/errors.js';
import type { ScenarioEntry } from '../kernel/scenarios.js';
import { SMS, smsScenario, type DeliveryOutcome, type SmsScenario } from '../resources/messages/scenarios.js';
import { senderKey } from '../resources/messages/sender-queue.js';
import type { Message } from '../resources/messages/types.js';
import type { DeliveryLogEntry } from '../webhooks/index.js';
import type { Fault, FaultSpec } from './faults.js';

export interface ClockState {
  kind: 'virtual' | 'real';
  now: string;
  nowMs: number;
  /** Whether this account runs on a clock of its own rather than the shared one. */
  own: boolean;
  /** How fast a real clock runs (60: a simulated minute per second); null for a virtual one, which moves when told. */
  speed: number | null;
}

export class SimulatorControl {
  constructor(
    private readonly sim: Simulator,
    readonly accountSid: string,
  ) {}

  #account(): AccountState {
    const account = this.sim.kernel.accounts.get(this.accountSid);
    if (!account) throw notFound(`Account ${this.accountSid} is not known to this simulator`);
    return account;
  }

  #virtual(): VirtualClock {
    const clock = this.sim.kernel.clockOf(this.accountSid);
    if (clock instanceof VirtualClock) return clock;
    throw new TwilioError(20409, 409, 'The simulator runs on the real clock; start it with --clock virtual to move time by hand');
  }

  /** The control of another account (one this account just made, say). */
  controlFor(accountSid: string): SimulatorControl {
    return this.sim.controlFor(accountSid);
  }

  /** This account's clock: the shared one, or its own when it has one (`own: true`). */
  clock(): ClockState {
    const clock = this.sim.kernel.clockOf(this.accountSid);
    const now = clock.now();
    const speed = clock instanceof RealClock ? clock.speed : null;
    return { kind: clock.kind, now: new Date(now).toISOString(), nowMs: now, own: clock !== this.sim.clock, speed };
  }

  /**
   * A subaccount for one test suite, optionally on a virtual clock of its own: advancing it, or a slow webhook
   * receiver of its, never moves or stalls another suite. Credentials and numbers as for any subaccount.
   */
  createSuiteAccount(options: { friendlyName?: string; ownClock?: boolean }): AccountState {
    const sub = this.sim.accountService.create(this.#account(), options.friendlyName);
    if (options.ownClock) this.sim.kernel.giveOwnClock(sub.sid);
    return sub;
  }

  async advance(ms: number): Promise<ClockState> {
    await this.#virtual().advance(ms);
    return this.clock();
  }

  async runUntilIdle(): Promise<ClockState> {
    await this.#virtual().runUntilIdle();
    return this.clock();
  }

  /**
   * This account back to its fixtures: messages, number settings, opt-outs, scenarios, faults, queues, logs.
   * Other accounts are untouched. The account's clock (shared or its own) keeps its time.
   */
  reset(): void {
    this.sim.kernel.resetAccount(this.accountSid);
  }

  /** A person texts one of this account's numbers. */
  inbound(input: { from: string; to: string; body?: string; mediaUrls?: string[] }): Message {
    return this.sim.messages.service.receive(this.#account(), { ...input, body: input.body ?? '' });
  }

  webhooks(filter: { resourceSid?: string; kind?: string } = {}): DeliveryLogEntry[] {
    return this.sim.dispatcher.log({ accountSid: this.accountSid, ...filter });
  }

  alerts(): Alert[] {
    return this.sim.kernel.alerts.list(this.accountSid);
  }

  scenarios(): Array<{ to: string; scope: ScenarioEntry<SmsScenario>['scope'] } & SmsScenario> {
    return this.sim.kernel.scenarios.list<SmsScenario>(this.accountSid, SMS).map((e) => ({ to: e.to, scope: e.scope, ...e.scenario }));
  }

  setScenario(to: string, outcome: DeliveryOutcome, options: { errorCode?: number; delayMs?: number } = {}): SmsScenario {
    return this.sim.kernel.scenarios.set(this.accountSid, SMS, to, smsScenario({ outcome, ...options }));
  }

  removeScenario(to: string): boolean {
    return this.sim.kernel.scenarios.remove(this.accountSid, SMS, to);
  }

  addFault(spec: FaultSpec): Fault {
    return this.sim.faults.add(this.accountSid, spec);
  }

  faults(): Fault[] {
    return this.sim.faults.list(this.accountSid);
  }

  clearFaults(): void {
    this.sim.faults.clear(this.accountSid);
  }

  /** Change how fast one of this account's numbers sends (segments per second). */
  setSenderRate(number: string, segmentsPerSecond: number): void {
    this.sim.messages.service.queues.setRate(senderKey(this.accountSid, number), segmentsPerSecond);
  }
}
