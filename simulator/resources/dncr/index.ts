// The Do Not Call Register and its washing service — simulating the register's operator, not Twilio (Twilio does
// no washing). The register: fixture entries plus each account's own, through /__sim/dncr. The washing service:
// SOAP at /__dncr/soap (WSDL at /__dncr/soap?wsdl) and JSON at /__dncr/json/*, over one engine (washing.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFixturesDir } from '../../fixtures.js';
import type { Kernel } from '../../kernel/index.js';
import { json, type WireRequest, type WireResponse } from '../../wire/types.js';
import type { Resource } from '../resource.js';
import { dncrControlRoutes } from './control-routes.js';
import { loadDncrFixtures } from './fixtures.js';
import { JsonEndpoint } from './json-endpoint.js';
import { DncrRegister } from './register.js';
import { SoapEndpoint } from './soap-endpoint.js';
import { WashingService } from './washing.js';

export const DNCR_PREFIX = '/__dncr/';

export function dncrResource(kernel: Kernel, options: { fixturesDir?: string } = {}): Resource {
  const fixtures = loadDncrFixtures(options.fixturesDir);
  const defaultSid = kernel.accounts.fixtureSids()[0];
  const washers = fixtures.washers.map(({ account, ...w }) => ({ ...w, accountSid: account === 'default' ? defaultSid! : account }));
  const register = new DncrRegister(fixtures.entries, kernel.events);
  const washing = new WashingService(kernel, register, washers);
  // The WSDL is the service's contract, not data: a fixtures folder without one uses this package's.
  const own = options.fixturesDir && join(options.fixturesDir, 'dncr', 'wash-service.wsdl');
  const wsdl = readFileSync(own && existsSync(own) ? own : join(defaultFixturesDir(), 'dncr', 'wash-service.wsdl'), 'utf8');
  const soap = new SoapEndpoint(`${DNCR_PREFIX}soap`, wsdl, washing);
  const jsonApi = new JsonEndpoint(`${DNCR_PREFIX}json/`, washing);

  async function handle(request: WireRequest): Promise<WireResponse> {
    try {
      if (request.path === soap.path) return await soap.handle(request);
      if (request.path.startsWith(jsonApi.prefix)) return await jsonApi.handle(request);
      return json(404, { message: `The DNCR washing service answers at ${soap.path} (SOAP) and ${jsonApi.prefix}* (JSON)` });
    } catch (error) {
      // Our bug, not the caller's: say so without a stack trace, as the operator's gateway would.
      console.error('[twilio-sim] DNCR washing service failed:', error);
      return json(500, { message: 'Internal error in the simulated washing service' });
    }
  }

  return {
    name: 'dncr',
    routes: [],
    controlRoutes: dncrControlRoutes(register, washing),
    services: [{ prefix: DNCR_PREFIX, handle }],
  };
}
