// A simulator without any transport: fixtures, clock, runtime and the in-process control. server.ts serves it over
// HTTP, msw/ in process; neither is loaded by the other.
import { RealClock, VirtualClock, type Clock } from './engine/clock.js';
import type { Fixtures } from './engine/fixture-types.js';
import type { MessageTimings } from './engine/messages.js';
import type { PacingOptions } from './engine/sender-queue.js';
import { loadFixtures } from './fixtures.js';
import { SimulatorControl } from './control.js';
import { SimulatorRuntime } from './runtime.js';

export interface SimulatorOptions {
  /** 'virtual' (default for programmatic use: time moves only when told), 'real', or your own Clock. */
  clock?: 'virtual' | 'real' | Clock;
  /** With clock 'real': simulated seconds per real second. */
  speed?: number;
  /** Folder with accounts.json, prices.json, scenarios.json. Default: this package's fixtures/. */
  fixturesDir?: string;
  /** Already-loaded fixtures (wins over fixturesDir). */
  fixtures?: Fixtures;
  seed?: number;
  timings?: Partial<MessageTimings>;
  pacing?: Partial<PacingOptions>;
  env?: NodeJS.ProcessEnv;
}

export interface SimulatorAccount {
  sid: string;
  authToken: string;
  numbers: string[];
}

export interface SimulatorCore {
  runtime: SimulatorRuntime;
  clock: Clock;
  accounts: SimulatorAccount[];
  /** In-process control of the default account (advance time, inbound SMS, scenarios, faults, logs). */
  control: SimulatorControl;
  /** The same for any other account. */
  controlFor(accountSid: string): SimulatorControl;
}

function makeClock(option: SimulatorOptions['clock'], speed?: number): Clock {
  if (option === 'real') return new RealClock({ speed });
  if (option === undefined || option === 'virtual') return new VirtualClock();
  return option;
}

export function createSimulatorCore(options: SimulatorOptions = {}): SimulatorCore {
  const fixtures = options.fixtures ?? loadFixtures(options.fixturesDir, options.env);
  const clock = makeClock(options.clock, options.speed);
  const runtime = new SimulatorRuntime({ clock, fixtures, seed: options.seed, timings: options.timings, pacing: options.pacing });
  const accounts = fixtures.accounts.map((a) => ({
    sid: a.sid,
    authToken: a.authToken,
    numbers: (a.numbers ?? []).map((n) => n.phoneNumber),
  }));
  return {
    runtime,
    clock,
    accounts,
    control: new SimulatorControl(runtime, accounts[0]!.sid),
    controlFor: (accountSid) => new SimulatorControl(runtime, accountSid),
  };
}
