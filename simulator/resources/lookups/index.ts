// The Lookups v2 resource: number validation and data packages (line type, carrier, caller name, SIM swap…),
// with package data per number from fixtures/lookups.json and /__sim/lookups.
import type { Kernel } from '../../kernel/index.js';
import type { Resource } from '../resource.js';
import { lookupControlRoutes } from './control-routes.js';
import { loadLookupFixtures } from './fixtures.js';
import { LookupService } from './model.js';
import { lookupRoutes } from './routes.js';

export function lookupsResource(kernel: Kernel, options: { fixturesDir?: string } = {}): Resource {
  const service = new LookupService(kernel);
  for (const entry of loadLookupFixtures(options.fixturesDir)) service.setForEveryAccount(entry.phoneNumber, entry.packages);
  return { name: 'lookups', routes: lookupRoutes(service), controlRoutes: lookupControlRoutes(service) };
}
