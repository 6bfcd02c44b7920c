// /__sim/* over HTTP: JSON in, JSON out, the account's Basic auth, Twilio-shaped errors. Each route is a thin
// mapping onto SimulatorControl, which tests can also use in process.
import { SimulatorControl } from '../control.js';
import { badRequest } from '../engine/errors.js';
import type { DeliveryOutcome } from '../engine/fixture-types.js';
import type { SimulatorRuntime } from '../runtime.js';
import { authenticate } from './auth.js';
import { errorToResponse, resourceNotFound, unauthorized } from './errors.js';
import { serializeMessage } from './messages.js';
import { servedRoutes } from './twilio-api.js';
import { json, noContent, type WireRequest, type WireResponse } from './types.js';

type Body = Record<string, unknown>;
type Handler = (control: SimulatorControl, body: Body, query: URLSearchParams) => WireResponse | Promise<WireResponse>;

const OUTCOMES: readonly DeliveryOutcome[] = ['delivered', 'undelivered', 'failed', 'slow', 'never'];
/** Longer than anything Twilio schedules (35 days) with room to spare; keeps dates far from JavaScript's limit. */
const MAX_SPAN_MS = 400 * 24 * 60 * 60 * 1000;

function span(body: Body, key: string, required = false): number | undefined {
  const value = number(body, key, required);
  if (value !== undefined && (value < 0 || value > MAX_SPAN_MS)) {
    throw badRequest(20001, `'${key}' must be between 0 and ${MAX_SPAN_MS} ms (400 days)`);
  }
  return value;
}

function text(body: Body, key: string): string;
function text(body: Body, key: string, optional: true): string | undefined;
function text(body: Body, key: string, optional = false): string | undefined {
  const value = body[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value === '') throw badRequest(20001, `'${key}' is required and must be a non-empty string`);
  return value;
}

function number(body: Body, key: string, required = false): number | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(20001, `'${key}' must be a number`);
  return value;
}

const ROUTES: Record<string, Handler> = {
  'GET /__sim/clock': (c) => json(200, c.clock()),
  'POST /__sim/clock/advance': async (c, body) => {
    return json(200, await c.advance(span(body, 'ms', true)!));
  },
  'POST /__sim/clock/run-until-idle': async (c) => json(200, await c.runUntilIdle()),
  'POST /__sim/reset': (c) => {
    c.reset();
    return json(200, { reset: true, ...c.clock() });
  },
  'POST /__sim/messages/inbound': (c, body) => {
    const mediaUrls = Array.isArray(body.mediaUrls) ? body.mediaUrls.map(String) : undefined;
    const message = c.inbound({
      from: text(body, 'from'),
      to: text(body, 'to'),
      body: typeof body.body === 'string' ? body.body : '',
      mediaUrls,
    });
    return json(201, serializeMessage(message));
  },
  'GET /__sim/webhooks': (c, _body, query) =>
    json(200, { deliveries: c.webhooks({ resourceSid: query.get('resourceSid') ?? undefined, kind: query.get('kind') ?? undefined }) }),
  'GET /__sim/alerts': (c) => json(200, { alerts: c.alerts() }),
  'GET /__sim/scenarios': (c) => json(200, { scenarios: c.scenarios() }),
  'POST /__sim/scenarios': (c, body) => {
    const to = text(body, 'to');
    const outcome = text(body, 'outcome') as DeliveryOutcome;
    if (!OUTCOMES.includes(outcome)) throw badRequest(20001, `'outcome' must be one of ${OUTCOMES.join(', ')}`);
    const errorCode = number(body, 'errorCode');
    const delayMs = span(body, 'delayMs');
    if (errorCode !== undefined && !Number.isInteger(errorCode)) throw badRequest(20001, "'errorCode' must be an integer");
    return json(201, { to, ...c.setScenario(to, outcome, { errorCode, delayMs }) });
  },
  'DELETE /__sim/scenarios': (c, _body, query) => {
    const to = query.get('to');
    if (!to) throw badRequest(20001, "'to' query parameter is required");
    c.removeScenario(to);
    return noContent();
  },
  'GET /__sim/faults': (c) => json(200, { faults: c.faults() }),
  'POST /__sim/faults': (c, body) =>
    json(
      201,
      c.addFault({
        operationId: text(body, 'operationId', true),
        status: number(body, 'status', true)!,
        code: number(body, 'code'),
        message: text(body, 'message', true),
        times: number(body, 'times'),
        retryAfter: number(body, 'retryAfter'),
      }),
    ),
  'DELETE /__sim/faults': (c) => {
    c.clearFaults();
    return noContent();
  },
  'POST /__sim/senders': (c, body) => {
    const numberValue = text(body, 'number');
    const rate = number(body, 'segmentsPerSecond', true)!;
    c.setSenderRate(numberValue, rate);
    return json(200, { number: numberValue, segmentsPerSecond: rate });
  },
};

/** Routes that need no credentials: they reveal nothing about any account. */
const PUBLIC: Record<string, (runtime: SimulatorRuntime) => WireResponse> = {
  'GET /__sim/health': (runtime) => json(200, { ok: true, clock: runtime.clock.kind, nowMs: runtime.clock.now() }),
  'GET /__sim/routes': () => json(200, { routes: servedRoutes() }),
};

function parseJson(request: WireRequest): Body {
  if (request.body.byteLength === 0) return {};
  const type = request.headers['content-type'] ?? '';
  if (!type.includes('json')) throw badRequest(19056, 'The control API takes application/json bodies');
  try {
    const value: unknown = JSON.parse(Buffer.from(request.body).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Body;
  } catch {
    // reported below
  }
  throw badRequest(20001, 'The request body must be a JSON object');
}

export async function handleControlRequest(runtime: SimulatorRuntime, request: WireRequest): Promise<WireResponse> {
  try {
    const key = `${request.method.toUpperCase()} ${request.path.replace(/\/$/, '')}`;
    const open = PUBLIC[key];
    if (open) return open(runtime);
    const account = authenticate(runtime.engine.store, request.headers.authorization);
    if (!account) return unauthorized();
    const handler = ROUTES[key];
    if (!handler) return resourceNotFound(request.path);
    return await handler(new SimulatorControl(runtime, account.account.sid), parseJson(request), request.query);
  } catch (error) {
    return errorToResponse(error);
  }
}
