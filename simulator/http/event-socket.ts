// GET /__sim/events as a websocket: every engine event and webhook attempt of the authenticated account, as JSON
// text frames, in the order they happen. Credentials come in an Authorization header (tools, tests), `?auth=<base64
// sid:token>` (websocat), or — for browsers, which can set neither header nor keep a URL out of logs and history —
// as the first message on an upgrade that carried none: {"type":"auth","accountSid":…,"authToken":…}.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Simulator } from '../app.js';
import { unauthorized } from '../wire/errors.js';
import { eventAccount, eventJson, type StreamEvent } from '../control/event-json.js';
import { serveAsPlainHttp } from './plain-upgrade.js';
import { endWithResponse } from './raw-response.js';
import { callerSid, type RequestLog } from './request-log.js';

export const EVENTS_PATH = '/__sim/events';
const MAX_CLIENT_MESSAGE = 64 * 1024;
/**
 * Default for how many bytes of events may wait for one client (ws.bufferedAmount, on top of what the kernel's socket
 * buffers already took, a few MB on loopback). 8 MiB is some 8,000 events: a reading client never gets near it even
 * through a large run-until-idle burst, while a client that stopped reading costs a bounded amount of memory.
 */
const DEFAULT_MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** 1008 (policy violation) rather than 1013 (try again later): reconnecting and still not reading ends the same way. */
const TOO_SLOW = 1008;
/** How long a closing client may take to answer our close frame before its socket (and its queue) is dropped. */
const CLOSE_TIMEOUT_MS = 5_000;
const GOING_AWAY = 1001;
/** At shutdown, how long clients get to answer the close frame; a stuck one must not hold up the exit. */
const SHUTDOWN_GRACE_MS = 1_000;
/** How long an upgrade without credentials may stay open before signing in: a page sends it at once. */
const SIGN_IN_TIMEOUT_MS = 5_000;
/** Private-use close code mirroring HTTP 401; the reason carries Twilio's code so clients can tell it from 1008. */
const SIGN_IN_REFUSED = 4401;
const POLICY_VIOLATION = 1008;

/** Logs a session's one request-log line: the upgrade's status, and the account it signed in as or the refusal's code. */
type LogSession = (status: number, outcome: { account?: string; code?: number }) => void;

export interface EventSocketOptions {
  /** The request log: one line per session, when it is accepted (101, the account) or refused (its Twilio code). */
  log?: RequestLog;
  maxQueuedBytes?: number;
  signInTimeoutMs?: number;
}

export function attachEventSocket(server: Server, sim: Simulator, options: EventSocketOptions = {}): { close(): Promise<void> } {
  const maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
  const signInTimeoutMs = options.signInTimeoutMs ?? SIGN_IN_TIMEOUT_MS;
  // Clients have nothing to say on this socket, so a large incoming message is refused (1009) instead of buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const websocket = (req.headers.upgrade ?? '').split(',').some((protocol) => protocol.trim().toLowerCase() === 'websocket');
    // Only the events stream switches protocols; every other request is served as the plain HTTP it also is.
    if (url.pathname !== EVENTS_PATH || !websocket) return serveAsPlainHttp(server, req, socket, head);
    // Node hands the raw socket over without its own error listener: a reset before we answer must not crash us.
    socket.on('error', () => socket.destroy());
    const startedAt = performance.now();
    const logSession: LogSession = (status, outcome) =>
      options.log?.record({ method: 'GET', path: EVENTS_PATH, status, startedAt, ...outcome });
    const query = url.searchParams.get('auth');
    const authorization = req.headers.authorization ?? (query ? `Basic ${query}` : undefined);
    if (authorization === undefined) return wss.handleUpgrade(req, socket, head, (ws) => awaitSignIn(ws, logSession));
    const account = sim.authenticate(authorization);
    if (!account) {
      logSession(401, { code: 20003, account: callerSid(authorization) });
      return endWithResponse(socket, unauthorized());
    }
    logSession(101, { account: account.account.sid });
    wss.handleUpgrade(req, socket, head, (ws) => stream(ws, account.account.sid));
  });

  /** An upgrade without credentials: nothing is streamed until its first message names a valid account. */
  function awaitSignIn(ws: WebSocket, logSession: LogSession): void {
    ws.on('error', () => {});
    const deadline = setTimeout(() => {
      logSession(101, {});
      ws.close(POLICY_VIOLATION, 'Sign in first: send {"type":"auth","accountSid":…,"authToken":…}');
    }, signInTimeoutMs).unref();
    ws.once('close', () => clearTimeout(deadline));
    ws.once('message', (data, isBinary) => {
      clearTimeout(deadline);
      const accountSid = isBinary ? undefined : signedInAccount(String(data));
      if (accountSid === undefined) {
        logSession(101, { code: 20003 });
        return ws.close(SIGN_IN_REFUSED, '20003 Authenticate: wrong account SID or auth token');
      }
      logSession(101, { account: accountSid });
      stream(ws, accountSid);
    });
  }

  function signedInAccount(text: string): string | undefined {
    let message: { type?: unknown; accountSid?: unknown; authToken?: unknown };
    try {
      message = JSON.parse(text) ?? {};
    } catch {
      return undefined;
    }
    const { type, accountSid, authToken } = message;
    if (type !== 'auth' || typeof accountSid !== 'string' || typeof authToken !== 'string') return undefined;
    return sim.kernel.accounts.authenticate(accountSid, authToken)?.account.sid;
  }

  function stream(ws: WebSocket, accountSid: string): void {
    // ws reports a client's protocol violation (reserved opcode, unmasked frame, bad UTF-8, oversized message) as an
    // 'error' after starting the close itself (1002/1007/1009); without a listener it would be thrown and end the process.
    ws.on('error', () => {});
    const send = (event: StreamEvent) => {
      const owner = eventAccount(event);
      if (owner !== null && owner !== accountSid) return;
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxQueuedBytes) return drop();
      ws.send(JSON.stringify(eventJson(event, sim.kernel.now(accountSid))));
    };
    const unsubscribers = [
      sim.kernel.events.subscribe(send),
      sim.dispatcher.onAttempt((delivery) => send({ type: 'webhook.attempt', accountSid: delivery.accountSid, delivery })),
    ];
    const unsubscribe = () => {
      for (const stop of unsubscribers.splice(0)) stop();
    };
    // A client that stopped reading is closed rather than queued for without end. The close frame waits behind its
    // queue, so a client that resumes reads what it was sent and then learns why; one that never does is cut off
    // after CLOSE_TIMEOUT_MS, which frees the queue.
    const drop = () => {
      console.warn(
        `[twilio-sim] events client of ${accountSid} dropped (close ${TOO_SLOW}): ${ws.bufferedAmount} bytes waiting, limit ${maxQueuedBytes}`,
      );
      unsubscribe();
      ws.close(TOO_SLOW, 'Too slow: stopped reading events');
      // ws itself would wait 30 s for the client's answer; a client this far behind is not worth that memory.
      const cutoff = setTimeout(() => ws.terminate(), CLOSE_TIMEOUT_MS).unref();
      ws.once('close', () => clearTimeout(cutoff));
    };
    ws.on('close', unsubscribe);
    ws.send(JSON.stringify({ type: 'hello', accountSid, at: new Date(sim.kernel.now(accountSid)).toISOString() }));
  }

  return {
    // 1001 "going away" tells clients the server is stopping (not that they misbehaved), so they may reconnect
    // later; waiting briefly for their close frames lets that code arrive instead of a bare reset (1006).
    async close() {
      const goingAway = [...wss.clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            if (client.readyState === client.CLOSED) return resolve();
            client.once('close', () => resolve());
            client.close(GOING_AWAY, 'Simulator shutting down');
          }),
      );
      await Promise.race([Promise.all(goingAway), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
