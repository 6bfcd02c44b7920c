// What a resource contributes to the simulator: its Twilio REST routes and its /__sim control routes. The
// composition root (app.ts) mounts them; nothing else needs to know the resource exists.
import type { AccountState } from '../kernel/accounts.js';
import type { Route } from '../wire/router.js';
import type { WireRequest, WireResponse } from '../wire/types.js';

/** A Twilio REST route; the caller is the account the request authenticated as. */
export type RestRoute = Route<AccountState>;

/** A /__sim route: JSON in and out, for the authenticated account. Its template is the full path. */
export type ControlRoute = Route<AccountState>;

/**
 * A service that is not Twilio's, answered under its own path prefix with its own credentials and wire format
 * (the Do Not Call Register operator's washing service). The transports hand it every request under the prefix.
 */
export interface ServiceMount {
  readonly prefix: string;
  handle(request: WireRequest): Promise<WireResponse>;
}

export interface Resource {
  readonly name: string;
  readonly routes: readonly RestRoute[];
  readonly controlRoutes?: readonly ControlRoute[];
  readonly services?: readonly ServiceMount[];
}
