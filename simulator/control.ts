// The control API (/__sim/*): what tests and the inspector use to drive the simulator — clock, reset, inbound SMS,
// delivery scenarios, webhook log. JSON in, JSON out, same Basic auth as the Twilio API, Twilio-shaped errors.
import { VirtualClock } from './engine/clock.js';
import { badRequest, TwilioError } from './engine/errors.js';
import type { DeliveryOutcome } from './engine/fixture-types.js';
import type { AccountState } from './engine/store.js';
import type { SimulatorRuntime } from './runtime.js';
import { authenticate } from './wire/auth.js';
import { errorToResponse, resourceNotFound, unauthorized } from './wire/errors.js';
import { serializeMessage } from './wire/messages.js';
import { servedRoutes } from './wire/twilio-api.js';
import { json, type WireRequest, type WireResponse } from './wire/types.js';

type Handler = (ctx: { runtime: SimulatorRuntime; account: AccountState; body: Record<string, unknown>; query: URLSearchParams }) =>
  | WireResponse
  | Promise<WireResponse>;

const OUTCOMES: readonly DeliveryOutcome[] = ['delivered', 'undelivered', 'failed', 'slow', 'never'];

function virtualClock(runtime: SimulatorRuntime): VirtualClock {
  if (runtime.clock instanceof VirtualClock) return runtime.clock;
  throw new TwilioError(20409, 409, 'The simulator runs on the real clock; start it with --clock virtual to move time by hand');
}

function clockState(runtime: SimulatorRuntime) {
  const now = runtime.clock.now();
  return { kind: runtime.clock.kind, now: new Date(now).toISOString(), nowMs: now };
}

const str = (body: Record<string, unknown>, key: string, required = true): string | undefined => {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw badRequest(20001, `'${key}' is required and must be a string`);
  return value;
};

const ROUTES: Record<string, Handler> = {
  'GET /__sim/clock': ({ runtime }) => json(200, clockState(runtime)),
  'POST /__sim/clock/advance': async ({ runtime, body }) => {
    const ms = body.ms;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw badRequest(20001, "'ms' must be a non-negative number");
    await virtualClock(runtime).advance(ms);
    return json(200, clockState(runtime));
  },
  'POST /__sim/clock/run-until-idle': async ({ runtime }) => {
    await virtualClock(runtime).runUntilIdle();
    return json(200, clockState(runtime));
  },
  'POST /__sim/reset': ({ runtime }) => {
    runtime.reset();
    return json(200, { reset: true, ...clockState(runtime) });
  },
  'POST /__sim/messages/inbound': ({ runtime, account, body }) => {
    const mediaUrls = Array.isArray(body.mediaUrls) ? body.mediaUrls.map(String) : undefined;
    const message = runtime.engine.messages.receive(account, {
      from: str(body, 'from')!,
      to: str(body, 'to')!,
      body: typeof body.body === 'string' ? body.body : '',
      mediaUrls,
    });
    return json(201, serializeMessage(message));
  },
  'GET /__sim/webhooks': ({ runtime, account, query }) =>
    json(200, {
      deliveries: runtime.dispatcher.log({
        accountSid: account.account.sid,
        resourceSid: query.get('resourceSid') ?? undefined,
        kind: query.get('kind') ?? undefined,
      }),
    }),
  'GET /__sim/scenarios': ({ runtime, account }) => json(200, { scenarios: runtime.engine.scenarios.list(account.account.sid) }),
  'POST /__sim/scenarios': ({ runtime, account, body }) => {
    const to = str(body, 'to')!;
    const outcome = str(body, 'outcome')! as DeliveryOutcome;
    if (!OUTCOMES.includes(outcome)) throw badRequest(20001, `'outcome' must be one of ${OUTCOMES.join(', ')}`);
    const errorCode = body.errorCode === undefined ? undefined : Number(body.errorCode);
    const delayMs = body.delayMs === undefined ? undefined : Number(body.delayMs);
    if (errorCode !== undefined && !Number.isInteger(errorCode)) throw badRequest(20001, "'errorCode' must be an integer");
    if (delayMs !== undefined && !(delayMs >= 0)) throw badRequest(20001, "'delayMs' must be a non-negative number");
    const scenario = runtime.engine.scenarios.set(account.account.sid, { to, outcome, errorCode, delayMs });
    return json(201, { to, ...scenario });
  },
  'DELETE /__sim/scenarios': ({ runtime, account, query }) => {
    const to = query.get('to');
    if (!to) throw badRequest(20001, "'to' query parameter is required");
    runtime.engine.scenarios.remove(account.account.sid, to);
    return { status: 204, headers: {}, body: '' };
  },
  'GET /__sim/faults': ({ runtime, account }) => json(200, { faults: runtime.faults.list(account.account.sid) }),
  'POST /__sim/faults': ({ runtime, account, body }) => {
    const num = (key: string) => (body[key] === undefined ? undefined : Number(body[key]));
    const fault = runtime.faults.add(account.account.sid, {
      operationId: str(body, 'operationId', false),
      status: num('status') ?? NaN,
      code: num('code'),
      message: str(body, 'message', false),
      times: num('times'),
      retryAfter: num('retryAfter'),
    });
    return json(201, fault);
  },
  'DELETE /__sim/faults': ({ runtime, account }) => {
    runtime.faults.clear(account.account.sid);
    return { status: 204, headers: {}, body: '' };
  },
  'POST /__sim/senders': ({ runtime, account, body }) => {
    const number = str(body, 'number')!;
    const rate = Number(body.segmentsPerSecond);
    if (!(rate > 0)) throw badRequest(20001, "'segmentsPerSecond' must be a positive number");
    runtime.engine.queues.setRate(`${account.account.sid}|${number}`, rate);
    return json(200, { number, segmentsPerSecond: rate });
  },
};

/** Routes that need no credentials: they reveal nothing about any account. */
const PUBLIC: Record<string, (runtime: SimulatorRuntime) => WireResponse> = {
  'GET /__sim/health': (runtime) => json(200, { ok: true, ...clockState(runtime) }),
  'GET /__sim/routes': () => json(200, { routes: servedRoutes() }),
};

function parseJson(request: WireRequest): Record<string, unknown> {
  if (request.body.byteLength === 0) return {};
  const type = request.headers['content-type'] ?? '';
  if (!type.includes('json')) throw badRequest(19056, 'The control API takes application/json bodies');
  try {
    const value: unknown = JSON.parse(Buffer.from(request.body).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
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
    const handler = ROUTES[key];
    const account = authenticate(runtime.engine.store, request.headers.authorization);
    if (!account) return unauthorized();
    if (!handler) return resourceNotFound(request.path);
    return await handler({ runtime, account, body: parseJson(request), query: request.query });
  } catch (error) {
    return errorToResponse(error);
  }
}
