// What a resource contributes to the simulator: its Twilio REST routes and its /__sim control routes. The
// composition root (app.ts) mounts them; nothing else needs to know the resource exists.
import type { AccountState } from '../kernel/accounts.js';
import type { Route } from '../wire/router.js';

/** A Twilio REST route; the caller is the account the request authenticated as. */
export type RestRoute = Route<AccountState>;

/** A /__sim route: JSON in and out, for the authenticated account. Its template is the full path. */
export type ControlRoute = Route<AccountState>;

export interface Resource {
  readonly name: string;
  readonly routes: readonly RestRoute[];
  readonly controlRoutes?: readonly ControlRoute[];
}
