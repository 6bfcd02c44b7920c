// Twilio's REST surface: authenticate → match a resource's route → check the account in the path → injected
// fault, if any → the route's handler → a Twilio-shaped response. Both transports reach it through app.ts.
import type { Accounts, AccountState } from './kernel/accounts.js';
import type { FaultBook } from './control/faults.js';
import { performance } from 'node:perf_hooks';
import type { RestRoute } from './resources/resource.js';
import { errorToResponse, resourceNotFound, twilioError, unauthorized } from './wire/errors.js';
import { compile, match, type CompiledRoute } from './wire/router.js';
import { withTwilioHeaders } from './wire/twilio-headers.js';
import type { WireRequest, WireResponse } from './wire/types.js';

const isNotFound = (error: unknown) => error instanceof Error && (error as Error & { code?: unknown }).code === 20404;

export interface ServedRoute {
  method: string;
  path: string;
  operationId: string;
}

export class RestApi {
  readonly #routes: readonly CompiledRoute<AccountState>[];
  /** Requests in flight per account, for Twilio-Concurrent-Requests. */
  readonly #inFlight = new Map<string, number>();

  constructor(
    routes: readonly RestRoute[],
    private readonly authenticate: (authorization: string | undefined) => AccountState | undefined,
    private readonly faults: FaultBook,
    private readonly accounts: Accounts,
  ) {
    this.#routes = routes.map(compile);
  }

  /** What the simulator serves, by the spec's operationIds (for the contract harness and the README). */
  served(): ServedRoute[] {
    return this.#routes.map((r) => ({ method: r.method, path: r.template, operationId: r.operationId }));
  }

  /** One REST request, answered with the headers real Twilio sends on every answer. */
  async handle(request: WireRequest): Promise<WireResponse> {
    const started = performance.now();
    const account = this.authenticate(request.headers.authorization);
    const key = account?.sid ?? '';
    const concurrent = (this.#inFlight.get(key) ?? 0) + 1;
    this.#inFlight.set(key, concurrent);
    const { response, single } = await this.#answer(request, account);
    if (concurrent === 1) this.#inFlight.delete(key);
    else this.#inFlight.set(key, (this.#inFlight.get(key) ?? 1) - 1);
    return withTwilioHeaders(response, {
      durationMs: performance.now() - started,
      concurrentRequests: concurrent,
      apiDomain: request.path.startsWith('/v2/') ? 'lookups.twilio.com' : 'api.twilio.com',
      singleResource: single,
    });
  }

  #reachable(caller: AccountState, sid: string): AccountState | undefined {
    if (sid === caller.sid) return caller;
    const target = this.accounts.get(sid);
    return target && target.account.ownerSid === caller.sid && target.account.status !== 'closed' ? target : undefined;
  }

  async #answer(request: WireRequest, account: AccountState | undefined): Promise<{ response: WireResponse; single: boolean }> {
    const response = await this.#route(request, account);
    return { response: response.answer, single: response.operationId?.startsWith('Fetch') ?? false };
  }

  async #route(request: WireRequest, account: AccountState | undefined): Promise<{ answer: WireResponse; operationId?: string }> {
    try {
      if (!account) return { answer: unauthorized() };
      // HEAD is GET without the body (the transports drop it), as any HTTP server answers it.
      const method = request.method.toUpperCase() === 'HEAD' ? 'GET' : request.method.toUpperCase();
      const found = match(this.#routes, method, request.path);
      if (!found) return { answer: resourceNotFound(request.path) };
      if ('methodNotAllowed' in found)
        return { answer: twilioError(20004, 405, `Method ${request.method} not allowed on ${request.path}`) };
      // Credentials for one account never reach another account's resources: Twilio answers as if they didn't exist.
      // A parent's credentials do reach its subaccounts' resources, which then act as that subaccount.
      const target = found.params.AccountSid === undefined ? account : this.#reachable(account, found.params.AccountSid);
      if (!target) return { answer: resourceNotFound(request.path) };
      const { operationId } = found.route;
      const injected = this.faults.take(target.sid, operationId);
      if (injected) return { answer: injected, operationId };
      return { answer: await found.route.handle({ request, params: found.params, caller: target }), operationId };
    } catch (error) {
      // The domain says what it did not find; Twilio words every 404 with the path that was asked for.
      if (isNotFound(error)) return { answer: resourceNotFound(request.path) };
      return { answer: errorToResponse(error) };
    }
  }
}
