// The control surface, in process: what tests and tools use to drive the simulator (clock, reset, inbound SMS,
// delivery scenarios, faults, sender rates, logs), scoped to one account. The /__sim HTTP routes
// (wire/control-routes.ts) are a JSON mapping of these same methods.
import { VirtualClock } from './engine/clock.js';
import { TwilioError, notFound } from './engine/errors.js';
import type { DeliveryOutcome } from './engine/fixture-types.js';
import type { Scenario } from './engine/scenarios.js';
import { senderKey } from './engine/sender-queue.js';
import type { AccountState } from './engine/store.js';
import type { Message } from './engine/types.js';
import type { Alert, SimulatorRuntime } from './runtime.js';
import type { DeliveryLogEntry } from './webhooks/index.js';
import type { Fault, FaultSpec } from './wire/faults.js';

export interface ClockState {
  kind: 'virtual' | 'real';
  now: string;
  nowMs: number;
}

export class SimulatorControl {
  constructor(
    private readonly runtime: SimulatorRuntime,
    readonly accountSid: string,
  ) {}

  #account(): AccountState {
    const account = this.runtime.engine.store.get(this.accountSid);
    if (!account) throw notFound(`Account ${this.accountSid} is not known to this simulator`);
    return account;
  }

  #virtual(): VirtualClock {
    if (this.runtime.clock instanceof VirtualClock) return this.runtime.clock;
    throw new TwilioError(20409, 409, 'The simulator runs on the real clock; start it with --clock virtual to move time by hand');
  }

  clock(): ClockState {
    const now = this.runtime.clock.now();
    return { kind: this.runtime.clock.kind, now: new Date(now).toISOString(), nowMs: now };
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
   * Other accounts are untouched. The clock is shared by all accounts and keeps its time.
   */
  reset(): void {
    this.runtime.resetAccount(this.accountSid);
  }

  /** A person texts one of this account's numbers. */
  inbound(input: { from: string; to: string; body?: string; mediaUrls?: string[] }): Message {
    return this.runtime.engine.messages.receive(this.#account(), { ...input, body: input.body ?? '' });
  }

  webhooks(filter: { resourceSid?: string; kind?: string } = {}): DeliveryLogEntry[] {
    return this.runtime.dispatcher.log({ accountSid: this.accountSid, ...filter });
  }

  alerts(): Alert[] {
    return this.runtime.alerts(this.accountSid);
  }

  scenarios(): ReturnType<SimulatorRuntime['engine']['scenarios']['list']> {
    return this.runtime.engine.scenarios.list(this.accountSid);
  }

  setScenario(to: string, outcome: DeliveryOutcome, options: { errorCode?: number; delayMs?: number } = {}): Scenario {
    return this.runtime.engine.scenarios.set(this.accountSid, { to, outcome, ...options });
  }

  removeScenario(to: string): boolean {
    return this.runtime.engine.scenarios.remove(this.accountSid, to);
  }

  addFault(spec: FaultSpec): Fault {
    return this.runtime.faults.add(this.accountSid, spec);
  }

  faults(): Fault[] {
    return this.runtime.faults.list(this.accountSid);
  }

  clearFaults(): void {
    this.runtime.faults.clear(this.accountSid);
  }

  /** Change how fast one of this account's numbers sends (segments per second). */
  setSenderRate(number: string, segmentsPerSecond: number): void {
    this.runtime.engine.queues.setRate(senderKey(this.accountSid, number), segmentsPerSecond);
  }
}
