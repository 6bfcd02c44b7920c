// The IncomingPhoneNumbers resource: the numbers an account owns and where their inbound traffic goes.
import type { Kernel } from '../../kernel/index.js';
import type { Resource } from '../resource.js';
import { NumberService } from './model.js';
import { incomingPhoneNumberRoutes } from './routes.js';

export function numbersResource(kernel: Kernel): Resource {
  return { name: 'numbers', routes: incomingPhoneNumberRoutes(new NumberService(kernel)) };
}
