// One HTTP attempt against a user's receiver, over node:http / node:https directly: unlike fetch, their errors
// tell a refused connection, a DNS failure and a read timeout apart, which map to different Twilio alerts.
//
// Timeouts here are real time, on purpose. The receiver is a real process on the other end of a socket; a
// virtual clock cannot make it answer sooner, so connect/read/total limits are enforced with socket idle
// timers (net.Socket#setTimeout). This is the only real-time wait in the webhook path; retries and ordering never
// wait on any timer.
//
// Connections to a receiver are kept alive and reused (a burst of callbacks would otherwise open one connection
// each). A kept socket can be closed by the receiver just as a request goes out on it; such a request never
// reached the receiver's application, so it is sent once more on a fresh connection, inside the same attempt.
// Only a failure before any byte of the answer counts as "closed under us": anything later stays a failure.

import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { httpStatusFailure, networkFailure, timeoutFailure, type AttemptFailure } from './errors.js';
import type { RequestTarget } from './target.js';
import type { WebhookMethod } from './types.js';

/** Keep at most this much of a response body (TwiML documents are far smaller). */
const MAX_BODY_BYTES = 1024 * 1024;

export interface AttemptSpec {
  target: RequestTarget;
  method: WebhookMethod;
  headers: Record<string, string>;
  body: string | null;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  totalTimeoutMs: number;
  /** performance.now() by which the whole delivery (all attempts) must be over. */
  deadline: number;
  rejectUnauthorized: boolean;
  sni: boolean;
}

export interface AttemptOutcome {
  status: number | null;
  body: string;
  contentType: string | null;
  failure: AttemptFailure | null;
  latencyMs: number;
}

/** Sockets one receiver (scheme, host, port) may hold open at once; further requests wait for a free one. */
const SOCKETS_PER_ORIGIN = 64;
/** Sockets all receivers together may hold. */
const SOCKETS_TOTAL = 256;
/** Idle sockets kept per origin, and how long an idle one is kept (receivers usually close theirs after ~5 s). */
const IDLE_SOCKETS_PER_ORIGIN = 64;
const IDLE_SOCKET_MS = 4_000;

/** The real-network transport: keep-alive agents shared by every attempt, and a way to let their sockets go. */
export interface HttpTransport {
  attempt(spec: AttemptSpec): Promise<AttemptOutcome>;
  /** Close every kept connection (the simulator is stopping). */
  close(): void;
}

export function createHttpTransport(): HttpTransport {
  const options = {
    keepAlive: true,
    maxSockets: SOCKETS_PER_ORIGIN,
    maxTotalSockets: SOCKETS_TOTAL,
    maxFreeSockets: IDLE_SOCKETS_PER_ORIGIN,
    timeout: IDLE_SOCKET_MS,
    scheduling: 'lifo' as const,
  };
  const agents = { http: new http.Agent(options), https: new https.Agent(options) };
  return {
    async attempt(spec) {
      const agent = spec.target.protocol === 'https:' ? agents.https : agents.http;
      const first = await performAttempt(spec, agent);
      return first.closedUnderUs ? (await performAttempt(spec, false)).outcome : first.outcome;
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

interface RawAttempt {
  outcome: AttemptOutcome;
  /** A reused keep-alive socket failed before any answer came: the receiver closed it, the request was not taken. */
  closedUnderUs: boolean;
}

function performAttempt(spec: AttemptSpec, agent: http.Agent | false): Promise<RawAttempt> {
  return new Promise((resolve) => {
    const started = performance.now();
    const { target } = spec;
    let connected = false;
    let done = false;
    let timerIsTotal = false;
    let socket: Socket | null = null;
    const chunks: Buffer[] = [];
    let kept = 0;

    let answered = false;
    const finish = (outcome: Omit<AttemptOutcome, 'latencyMs'>, closedUnderUs = false): void => {
      if (done) return;
      done = true;
      socket?.removeListener('timeout', timedOut);
      // A complete answer (any status) leaves the socket to the agent for the next request; anything else closes it.
      if (!keepable) request.destroy();
      resolve({ outcome: { ...outcome, latencyMs: Math.round(performance.now() - started) }, closedUnderUs });
    };
    let keepable = false;
    const fail = (failure: AttemptFailure, status: number | null = null): void => finish({ status, body: '', contentType: null, failure });
    const timedOut = (): void => {
      const phase = connected ? 'read' : 'connect';
      const limit = timerIsTotal ? spec.totalTimeoutMs : connected ? spec.readTimeoutMs : spec.connectTimeoutMs;
      fail(timeoutFailure(phase, limit, timerIsTotal));
    };
    // (Re)arm the idle timer for the current phase, capped by what is left of the total budget.
    const arm = (): void => {
      if (!socket) return;
      const limit = connected ? spec.readTimeoutMs : spec.connectTimeoutMs;
      const left = Math.floor(spec.deadline - performance.now());
      timerIsTotal = left < limit;
      if (left <= 0) {
        timedOut();
        return;
      }
      socket.setTimeout(Math.min(limit, left));
    };

    const headers: Record<string, string> = { ...spec.headers, Host: target.hostHeader };
    if (spec.body !== null) headers['Content-Length'] = String(Buffer.byteLength(spec.body));
    const options: https.RequestOptions = {
      host: target.hostname,
      port: target.port,
      path: target.path,
      method: spec.method,
      headers,
      agent,
      ...(target.auth ? { auth: target.auth } : {}),
    };
    if (target.protocol === 'https:') {
      options.rejectUnauthorized = spec.rejectUnauthorized;
      if (!spec.sni) options.servername = ''; // an empty servername makes Node skip the SNI extension
    }

    const request = (target.protocol === 'https:' ? https : http).request(options);
    request.on('socket', (s: Socket) => {
      socket = s;
      s.on('timeout', timedOut);
      if (s.connecting) {
        s.once('connect', () => {
          connected = true;
          arm();
        });
      } else {
        connected = true;
      }
      arm();
    });
    request.on('error', (error) => {
      if (request.reusedSocket && !answered)
        finish({ status: null, body: '', contentType: null, failure: networkFailure(error, true) }, true);
      else fail(networkFailure(error, connected));
    });
    request.on('response', (response) => {
      answered = true;
      const status = response.statusCode ?? null;
      response.on('data', (chunk: Buffer) => {
        if (kept < MAX_BODY_BYTES) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        arm(); // rt also bounds the gap between packets; tt bounds the whole
      });
      response.on('error', (error) => fail(networkFailure(error, true), status));
      response.on('close', () => {
        if (!response.complete) fail(networkFailure(new Error('the response was cut off'), true), status);
      });
      response.on('end', () => {
        const ok = status !== null && status >= 200 && status <= 299;
        keepable = true;
        finish({
          status,
          body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
          contentType: response.headers['content-type'] ?? null,
          failure: ok ? null : httpStatusFailure(status ?? 0, response.statusMessage),
        });
      });
    });
    request.end(spec.body ?? undefined);
  });
}
