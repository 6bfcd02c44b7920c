// The Twilio REST surface: route → auth → account check → handler → Twilio-shaped response. Both transports
// (express and msw) call handleTwilioRequest and nothing else.
import type { Engine } from '../engine/index.js';
import { authenticate } from './auth.js';
import { errorToResponse, resourceNotFound, twilioError, unauthorized } from './errors.js';
import type { FaultBook } from './faults.js';
import { incomingPhoneNumberRoutes } from './incoming-phone-numbers.js';
import { mediaRoutes } from './media.js';
import { messageRoutes } from './messages.js';
import { compile, match, type CompiledRoute, type Route } from './router.js';
import type { WireRequest, WireResponse } from './types.js';

export interface EngineHolder {
  /** The current engine; a reset swaps it, so always read it per request. */
  readonly engine: Engine;
  readonly faults: FaultBook;
}

const ROUTES: readonly Route[] = [...messageRoutes, ...mediaRoutes, ...incomingPhoneNumberRoutes];
const COMPILED: readonly CompiledRoute[] = ROUTES.map(compile);

/** What the simulator serves, by the spec's operationIds (for the contract harness and the README). */
export function servedRoutes(): Array<{ method: string; path: string; operationId: string }> {
  return ROUTES.map((r) => ({ method: r.method, path: r.template, operationId: r.operationId }));
}

export async function handleTwilioRequest(holder: EngineHolder, request: WireRequest): Promise<WireResponse> {
  try {
    const engine = holder.engine;
    const account = authenticate(engine.store, request.headers.authorization);
    if (!account) return unauthorized();
    // HEAD is GET without the body (the transports drop it), as any HTTP server answers it.
    const method = request.method.toUpperCase() === 'HEAD' ? 'GET' : request.method.toUpperCase();
    const found = match(COMPILED, method, request.path);
    if (!found) return resourceNotFound(request.path);
    if ('methodNotAllowed' in found) return twilioError(20004, 405, `Method ${request.method} not allowed on ${request.path}`);
    // Credentials for one account never reach another account's resources: Twilio answers as if they didn't exist.
    if (found.params.AccountSid !== undefined && found.params.AccountSid !== account.account.sid) {
      return resourceNotFound(request.path);
    }
    const injected = holder.faults.take(account.account.sid, found.route.operationId);
    if (injected) return injected;
    return await found.route.handle({ request, params: found.params, account, engine });
  } catch (error) {
    return errorToResponse(error);
  }
}
