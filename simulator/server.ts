// Serving a simulator over HTTP (express + the events websocket), without msw: the CLI imports only this and
// core.ts, which keeps a cold `npm start` fast (msw alone takes a quarter of a second to load).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { RealClock } from './engine/clock.js';
import type { SimulatorCore, SimulatorOptions } from './core.js';
import { createApp } from './http/app.js';
import { answerClientErrors } from './http/client-errors.js';
import { attachEventSocket } from './http/event-socket.js';

export interface StartOptions extends SimulatorOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bytes of events that may wait for one /__sim/events client before it is dropped with 1008 (default 8 MiB). */
  eventsMaxQueuedBytes?: number;
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
  const events = attachEventSocket(server, simulator.runtime, { maxQueuedBytes: options.eventsMaxQueuedBytes });
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
