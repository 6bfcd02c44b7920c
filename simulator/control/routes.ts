// /__sim/* over HTTP: JSON in, JSON out, the account's Basic auth, Twilio-shaped errors. The routes here are a thin
// mapping onto SimulatorControl, which tests can also use in process; resources add their own (controlRoutes).
import type { Simulator } from '../app.js';
import type { AccountState } from '../kernel/accounts.js';
import { badRequest } from '../kernel/errors.js';
import type { ControlRoute } from '../resources/resource.js';
import { serializeMessage } from '../resources/messages/serializer.js';
import type { DeliveryOutcome } from '../resources/messages/scenarios.js';
import { errorToResponse, resourceNotFound, twilioError, unauthorized } from '../wire/errors.js';
import { compile, match, type CompiledRoute } from '../wire/router.js';
import { json, noContent, type WireRequest, type WireResponse } from '../wire/types.js';
import type { SimulatorControl } from './control.js';
import { integer, type JsonBody, number, readJson, span, stringList, text } from './json-body.js';

type Handler = (control: SimulatorControl, body: JsonBody, query: URLSearchParams) => WireResponse | Promise<WireResponse>;

/** Twilio's cap on a message body; an inbound text longer than that cannot arrive as one message. */
const MAX_INBOUND_BODY = 1600;
const MAX_INBOUND_MEDIA = 10;

const CORE: Record<string, Handler> = {
  'GET /__sim/clock': (c) => json(200, c.clock()),
  'POST /__sim/clock/advance': async (c, body) => json(200, await c.advance(span(body, 'ms', true)!)),
  'POST /__sim/clock/run-until-idle': async (c) => json(200, await c.runUntilIdle()),
  'POST /__sim/reset': (c) => {
    c.reset();
    return json(200, { reset: true, ...c.clock() });
  },
  'POST /__sim/messages/inbound': (c, body) => {
    const mediaUrls = stringList(body, 'mediaUrls', MAX_INBOUND_MEDIA);
    const bad = mediaUrls?.find((url) => !/^https?:\/\/[^\s/]+[^\s]*$/i.test(url));
    if (bad !== undefined) throw badRequest(21620, `Invalid media URL: '${bad}'`);
    const text_ = body.body === undefined ? '' : body.body;
    if (typeof text_ !== 'string') throw badRequest(20001, "'body' must be a string");
    if (text_.length > MAX_INBOUND_BODY) throw badRequest(21617, `An inbound body is at most ${MAX_INBOUND_BODY} characters`);
    const message = c.inbound({ from: text(body, 'from'), to: text(body, 'to'), body: text_, mediaUrls });
    return json(201, serializeMessage(message));
  },
  'GET /__sim/webhooks': (c, _body, query) => {
    const deliveries = c.webhooks({ resourceSid: query.get('resourceSid') ?? undefined, kind: query.get('kind') ?? undefined });
    // `last=N`: only the newest N, for a view that shows a few hundred out of a log of thousands.
    const last = query.get('last');
    if (last === null) return json(200, { deliveries });
    if (!/^[1-9]\d{0,5}$/.test(last)) throw badRequest(20001, "'last' must be a positive integer");
    return json(200, { deliveries: deliveries.slice(-Number(last)) });
  },
  'GET /__sim/alerts': (c) => json(200, { alerts: c.alerts() }),
  'GET /__sim/scenarios': (c) => json(200, { scenarios: c.scenarios() }),
  'POST /__sim/scenarios': (c, body) => {
    const to = text(body, 'to');
    const scenario = c.setScenario(to, text(body, 'outcome') as DeliveryOutcome, {
      errorCode: integer(body, 'errorCode'),
      delayMs: span(body, 'delayMs'),
    });
    return json(201, { to, ...scenario });
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
        status: integer(body, 'status', true)!,
        code: integer(body, 'code'),
        message: text(body, 'message', true),
        times: integer(body, 'times'),
        retryAfter: number(body, 'retryAfter'),
      }),
    ),
  'DELETE /__sim/faults': (c) => {
    c.clearFaults();
    return noContent();
  },
  'POST /__sim/accounts': (c, body) => {
    const ownClock = body.ownClock ?? false;
    if (typeof ownClock !== 'boolean') throw badRequest(20001, "'ownClock' must be true or false");
    const sub = c.createSuiteAccount({ friendlyName: text(body, 'friendlyName', true), ownClock });
    const clock = c.controlFor(sub.sid).clock();
    return json(201, { sid: sub.sid, authToken: sub.account.authToken, ownerAccountSid: sub.account.ownerSid, clock });
  },
  'POST /__sim/senders': (c, body) => {
    const numberValue = text(body, 'number');
    const rate = number(body, 'segmentsPerSecond', true)!;
    c.setSenderRate(numberValue, rate);
    return json(200, { number: numberValue, segmentsPerSecond: rate });
  },
};

function coreRoutes(sim: Simulator): ControlRoute[] {
  return Object.entries(CORE).map(([key, handler]) => {
    const [method, template] = key.split(' ') as [ControlRoute['method'], string];
    return {
      method,
      template,
      operationId: `control ${template}`,
      handle: ({ request, caller }) => handler(sim.controlFor(caller.sid), readJson(request), request.query),
    };
  });
}

/** Routes that need no credentials: they reveal nothing about any account. */
export function isPublicControlRoute(method: string, path: string): boolean {
  const m = method.toUpperCase();
  const p = path.replace(/\/$/, '');
  return (m === 'GET' || m === 'HEAD') && (p === '/__sim/health' || p === '/__sim/routes');
}

export class ControlApi {
  readonly #routes: readonly CompiledRoute<AccountState>[];

  constructor(
    private readonly sim: Simulator,
    resourceRoutes: readonly ControlRoute[],
    private readonly authenticate: (authorization: string | undefined) => AccountState | undefined,
  ) {
    this.#routes = [...coreRoutes(sim), ...resourceRoutes].map(compile);
  }

  async handle(request: WireRequest): Promise<WireResponse> {
    try {
      const path = request.path.replace(/\/$/, '');
      const method = request.method.toUpperCase();
      if (isPublicControlRoute(method, path)) {
        return path === '/__sim/health'
          ? json(200, { ok: true, service: 'twilio-sim', clock: this.sim.clock.kind, nowMs: this.sim.clock.now() })
          : json(200, { routes: this.sim.servedRoutes() });
      }
      const account = this.authenticate(request.headers.authorization);
      if (!account) return unauthorized();
      const found = match(this.#routes, method, path);
      if (!found) return resourceNotFound(request.path);
      if ('methodNotAllowed' in found) return twilioError(20004, 405, `Method ${request.method} not allowed on ${request.path}`);
      return await found.route.handle({ request, params: found.params, caller: account });
    } catch (error) {
      return errorToResponse(error);
    }
  }
}
