// Serving a simulator over HTTP (express + the events websocket), without msw: the CLI imports only this and
// app.ts, which keeps a cold `npm start` fast (msw alone takes a quarter of a second to load).
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Simulator, SimulatorAccount, SimulatorOptions } from './app.js';
import type { SimulatorControl } from './control/control.js';
import type { Clock } from './kernel/clock.js';
import { createApp } from './http/app.js';
import { RequestLog, type RequestLogOptions } from './http/request-log.js';
import { answerClientErrors } from './http/client-errors.js';
import { attachEventSocket } from './http/event-socket.js';
import { describeListening } from './http/listen-address.js';

export interface StartOptions extends SimulatorOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bytes of events that may wait for one /__sim/events client before it is dropped with 1008 (default 8 MiB). */
  eventsMaxQueuedBytes?: number;
  /** How long an events client that connected without credentials has to sign in by its first message (default 5 s). */
  eventsSignInTimeoutMs?: number;
  /** Time a client has to send a request's headers (default 10 s), then the whole request (default 30 s); 408 after. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** A request log (method, path, status, Twilio code, latency, account); none unless asked, so tests stay quiet. */
  log?: RequestLogOptions;
}

// Node's defaults (60 s for headers, 300 s for a request) let a client that trickles bytes hold a connection for
// minutes. Legitimate API calls arrive in milliseconds; 10 s / 30 s leaves room for a slow network. Only receiving
// the request is timed: a long clock/advance still answers whenever it is done.
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node looks for requests past those limits (its default, 30 s, would let them live that much longer). */
const TIMEOUT_CHECK_MS = 1_000;

/** A Simulator served on a port: where it listens, how to stop it, and the simulator's handles. */
export interface ListeningSimulator {
  readonly simulator: Simulator;
  /** A URL that reaches the simulator from this machine. */
  readonly url: string;
  /** What the socket is really bound to, e.g. `127.0.0.1:4010`, or `0.0.0.0:4010` when every interface listens. */
  readonly bound: string;
  readonly clock: Clock;
  readonly accounts: SimulatorAccount[];
  readonly control: SimulatorControl;
  controlFor(accountSid: string): SimulatorControl;
  stop(): Promise<void>;
}

export async function serve(simulator: Simulator, options: StartOptions = {}): Promise<ListeningSimulator> {
  const log = options.log && new RequestLog(options.log);
  const app = createApp(simulator, log);
  const host = options.host ?? '127.0.0.1';
  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(headersTimeout, options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS),
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, headersTimeout),
    },
    app,
  );
  // Listening errors (port in use, address not available) reject with Node's error, whose code callers can read.
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      simulator.dispose();
      reject(error);
    });
    server.listen(options.port ?? 4010, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  answerClientErrors(server);
  const events = attachEventSocket(server, simulator, {
    log,
    maxQueuedBytes: options.eventsMaxQueuedBytes,
    signInTimeoutMs: options.eventsSignInTimeoutMs,
  });
  const { url, bound } = describeListening(server.address() as AddressInfo, host);
  return {
    simulator,
    url,
    bound,
    clock: simulator.clock,
    accounts: simulator.accounts,
    control: simulator.control,
    controlFor: (accountSid) => simulator.controlFor(accountSid),
    async stop() {
      simulator.dispose();
      await events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
