// Builds one engine: store, services and the scheduler around an injected clock. No transport in sight.
import type { Clock } from './clock.js';
import { EventBus } from './events.js';
import type { Fixtures } from './fixture-types.js';
import { SidFactory } from './ids.js';
import { DEFAULT_TIMINGS, MessageService, type MessageTimings } from './messages.js';
import { NumberService } from './numbers.js';
import { PriceBook } from './pricing.js';
import { ScenarioBook } from './scenarios.js';
import { DEFAULT_PACING, SenderQueues, type PacingOptions } from './sender-queue.js';
import { Store } from './store.js';
import { EngineTimers } from './timers.js';

export interface EngineOptions {
  clock: Clock;
  fixtures: Fixtures;
  seed?: number;
  timings?: Partial<MessageTimings>;
  pacing?: Partial<PacingOptions>;
}

export interface Engine {
  readonly clock: Clock;
  readonly events: EventBus;
  readonly store: Store;
  readonly messages: MessageService;
  readonly numbers: NumberService;
  readonly scenarios: ScenarioBook;
  readonly queues: SenderQueues;
  readonly timers: EngineTimers;
  /** Put one account back to its fixtures: state, timers, queues, scenarios. Other accounts are untouched. */
  resetAccount(accountSid: string): void;
}

/** A fresh engine. The event bus can be handed in so subscribers survive a reset. */
export function createEngine(options: EngineOptions, events = new EventBus()): Engine {
  const timers = new EngineTimers(options.clock);
  const store = new Store(options.fixtures, options.clock.now());
  const scenarios = new ScenarioBook(options.fixtures.scenarios);
  const queues = new SenderQueues(timers, { ...DEFAULT_PACING, ...options.pacing });
  const messages = new MessageService({
    store,
    timers,
    events,
    sids: new SidFactory(options.seed ?? 0x5eed),
    prices: new PriceBook(options.fixtures.prices),
    scenarios,
    queues,
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
  });
  const resetAccount = (accountSid: string) => {
    timers.cancelOwnedBy(accountSid);
    queues.resetAccount(accountSid);
    scenarios.resetAccount(accountSid);
    const previous = store.resetAccount(accountSid, options.clock.now());
    if (previous) messages.forgetAccount(previous);
    events.emit({ type: 'account.reset', accountSid });
  };
  return {
    clock: options.clock,
    events,
    store,
    messages,
    numbers: new NumberService(timers, events),
    scenarios,
    queues,
    timers,
    resetAccount,
  };
}

export type * from './types.js';
export type * from './fixture-types.js';
