// Twilio's REST surface: authenticate → match a resource's route → check the account in the path → injected
// fault, if any → the route's handler → a Twilio-shaped response. Both transports reach it through app.ts.
import type { AccountState } from './kernel/accounts.js';
import type { FaultBook } from './control/faults.js';
import type { RestRoute } from './resources/resource.js';
import { errorToResponse, resourceNotFound, twilioError, unauthorized } from './wire/errors.js';
import { compile, match, type CompiledRoute } from './wire/router.js';
import type { WireRequest, WireResponse } from './wire/types.js';

export interface ServedRoute {
  method: string;
  path: string;
  operationId: string;
}

export class RestApi {
  readonly #routes: readonly CompiledRoute<AccountState>[];

  constructor(
    routes: readonly RestRoute[],
    private readonly authenticate: (authorization: string | undefined) => AccountState | undefined,
    private readonly faults: FaultBook,
  ) {
    this.#routes = routes.map(compile);
  }

  /** What the simulator serves, by the spec's operationIds (for the contract harness and the README). */
  served(): ServedRoute[] {
    return this.#routes.map((r) => ({ method: r.method, path: r.template, operationId: r.operationId }));
  }

  async handle(request: WireRequest): Promise<WireResponse> {
    try {
      const account = this.authenticate(request.headers.authorization);
      if (!account) return unauthorized();
      // HEAD is GET without the body (the transports drop it), as any HTTP server answers it.
      const method = request.method.toUpperCase() === 'HEAD' ? 'GET' : request.method.toUpperCase();
      const found = match(this.#routes, method, request.path);
      if (!found) return resourceNotFound(request.path);
      if ('methodNotAllowed' in found) return twilioError(20004, 405, `Method ${request.method} not allowed on ${request.path}`);
      // Credentials for one account never reach another account's resources: Twilio answers as if they didn't exist.
      if (found.params.AccountSid !== undefined && found.params.AccountSid !== account.sid) return resourceNotFound(request.path);
      const injected = this.faults.take(account.sid, found.route.operationId);
      if (injected) return injected;
      return await found.route.handle({ request, params: found.params, caller: account });
    } catch (error) {
      return errorToResponse(error);
    }
  }
}
