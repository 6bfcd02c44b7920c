// The express transport: raw bytes in, the shared wire layer decides everything, bytes out. Body parsing is left
// to wire/form.ts so malformed input gets Twilio's errors instead of express's.
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { Simulator } from '../app.js';
import { twilioError } from '../wire/errors.js';
import type { WireRequest, WireResponse } from '../wire/types.js';
import { inspectorAssets } from './inspector-assets.js';
import type { RequestLog } from './request-log.js';

const MAX_BODY = '2mb';
/** What anyone may call without credentials; the same two routes wire/control-routes.ts leaves open. */

function toWire(req: Request): WireRequest {
  const url = new URL(req.originalUrl, 'http://simulator.local');
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return {
    method: req.method,
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: Buffer.isBuffer(req.body) ? req.body : new Uint8Array(0),
  };
}

function send(res: express.Response, out: WireResponse): void {
  res.status(out.status);
  for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value);
  res.end(out.body);
}

/**
 * Credentials are checked on the headers, before any body byte is read: a caller without them gets its 401 at once
 * instead of holding a connection open while it trickles (or never sends) the body it announced. The wire layer
 * checks again, unchanged; this only moves the refusal earlier.
 */
function authenticateFirst(sim: Simulator): RequestHandler {
  return (req, res, next) => {
    const path = new URL(req.originalUrl, 'http://simulator.local').pathname.replace(/\/$/, '');
    if (!sim.needsAccountCredentials(req.method, path)) return next();
    if (sim.authenticate(req.headers.authorization)) return next();
    // The announced body stays unread, so the connection can't be reused for a next request: close it. The
    // refusal itself is the simulator's (with Twilio's answer headers); it needs no body to say no.
    res.setHeader('connection', 'close');
    void sim.handle({ ...toWire(req), body: new Uint8Array(0) }).then((out) => send(res, out));
  };
}

export function createApp(sim: Simulator, log?: RequestLog): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (log) app.use(log.middleware());
  app.use(inspectorAssets());
  app.use(authenticateFirst(sim));
  app.use(express.raw({ type: () => true, limit: MAX_BODY }));
  app.use(async (req, res) => send(res, await sim.handle(toWire(req))));
  // body-parser's own failures (too large, bad content-encoding, aborted) still answer in Twilio's shape; anything
  // else reaching here is our bug, reported as Twilio reports its own (500/20500) and logged.
  const onError: ErrorRequestHandler = (error: { status?: number; type?: string }, _req, res, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) console.error('[twilio-sim] internal error:', error);
    const message =
      status === 500
        ? 'An internal server error has occurred'
        : error.type === 'entity.too.large'
          ? `Request body larger than ${MAX_BODY}`
          : 'Malformed request';
    send(res, twilioError(status === 500 ? 20500 : 20001, status, message));
  };
  app.use(onError);
  return app;
}
