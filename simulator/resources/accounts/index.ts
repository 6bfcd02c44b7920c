// The Accounts resource: your own account and its subaccounts (Twilio's way to isolate test suites).
import type { Resource } from '../resource.js';
import type { AccountService } from './model.js';
import { accountRoutes } from './routes.js';

export function accountsResource(accounts: AccountService): Resource {
  return { name: 'accounts', routes: accountRoutes(accounts) };
}
