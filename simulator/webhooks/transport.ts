// One HTTP attempt against a user's receiver, over node:http / node:https directly: unlike fetch, their errors
// tell a refused connection, a DNS failure and a read timeout apart, which map to different Twilio alerts.
//
// Timeouts here are real time, on purpose. The receiver is a real process on the other end of a socket; a
// virtual clock cannot make it answer sooner, so connect/read/total limits are enforced with socket idle
// timers (net.Socket#setTimeout). This is the only real-time wait in the webhook path; retries and ordering never
// wait on any timer.

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

export function performAttempt(spec: AttemptSpec): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const { target } = spec;
    let connected = false;
    let done = false;
    let timerIsTotal = false;
    let socket: Socket | null = null;
    const chunks: Buffer[] = [];
    let kept = 0;

    const finish = (outcome: Omit<AttemptOutcome, 'latencyMs'>): void => {
      if (done) return;
      done = true;
      request.destroy();
      resolve({ ...outcome, latencyMs: Math.round(performance.now() - started) });
    };
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
      agent: false, // a fresh connection per attempt, closed afterwards: nothing lingers between tests or retries
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
    request.on('error', (error) => fail(networkFailure(error, connected)));
    request.on('response', (response) => {
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
