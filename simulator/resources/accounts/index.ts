// The Accounts resource: your own account and its subaccounts (Twilio's way to isolate test suites).
import type { Kernel } from '../../kernel/index.js';
import type { Resource } from '../resource.js';
import { AccountService } from './model.js';
import { accountRoutes } from './routes.js';

export function accountsResource(kernel: Kernel): Resource {
  return { name: 'accounts', routes: accountRoutes(new AccountService(kernel)) };
}
