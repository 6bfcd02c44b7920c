// Serving a Simulator over HTTP (express + the events websocket), without msw: the CLI imports only this and
// app.ts, which keeps a cold `npm start` fast (msw alone takes a quarter of a second to load).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator, SimulatorAccount, SimulatorOptions } from './app.js';
import type { SimulatorControl } from './control/control.js';
import { createApp } from './http/app.js';
import { answerClientErrors } from './http/client-errors.js';
import { attachEventSocket } from './http/event-socket.js';
import type { Clock } from './kernel/clock.js';

export interface StartOptions extends SimulatorOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** A Simulator served on a port: where it listens, how to stop it, and the simulator's handles. */
export interface ListeningSimulator {
  readonly simulator: Simulator;
  readonly url: string;
  readonly clock: Clock;
  readonly accounts: SimulatorAccount[];
  readonly control: SimulatorControl;
  controlFor(accountSid: string): SimulatorControl;
  stop(): Promise<void>;
}

export async function serve(simulator: Simulator, options: StartOptions = {}): Promise<ListeningSimulator> {
  const app = createApp(simulator);
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 4010, host, () => resolve(s));
    s.once('error', reject);
  });
  answerClientErrors(server);
  const events = attachEventSocket(server, simulator);
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    simulator,
    url: `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${port}`,
    clock: simulator.clock,
    accounts: simulator.accounts,
    control: simulator.control,
    controlFor: (accountSid) => simulator.controlFor(accountSid),
    async stop() {
      simulator.dispose();
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
