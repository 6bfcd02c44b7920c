// Building a simulator and serving it over HTTP, without msw: the CLI imports only this, which keeps a cold
// `npm start` fast (msw alone takes a quarter of a second to load). index.ts adds the msw handlers on top.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { RealClock, VirtualClock, type Clock } from './engine/clock.js';
import type { Fixtures } from './engine/fixture-types.js';
import type { MessageTimings } from './engine/messages.js';
import type { PacingOptions } from './engine/sender-queue.js';
import { loadFixtures } from './fixtures.js';
import { SimulatorControl } from './control.js';
import { createApp } from './http/app.js';
import { answerClientErrors } from './http/client-errors.js';
import { attachEventSocket } from './http/event-socket.js';
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

export interface StartOptions extends SimulatorOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface ServedSimulator {
  url: string;
  stop(): Promise<void>;
}

export async function serve<T extends SimulatorCore>(simulator: T, options: StartOptions = {}): Promise<T & ServedSimulator> {
  const app = createApp(simulator.runtime);
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 4010, host, () => resolve(s));
    s.once('error', reject);
  });
  answerClientErrors(server);
  const events = attachEventSocket(server, simulator.runtime);
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    ...simulator,
    url: `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${port}`,
    async stop() {
      if (simulator.clock instanceof RealClock) simulator.clock.dispose();
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
