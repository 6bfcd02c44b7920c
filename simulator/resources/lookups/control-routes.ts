// /__sim/lookups: package data per number for the calling account (carrier, line type, caller name, SIM swap…),
// in Twilio's own field names, laid over the simulator's defaults.
import { readJson } from '../../control/json-body.js';
import { json, noContent } from '../../wire/types.js';
import type { ControlRoute } from '../resource.js';
import type { LookupService } from './model.js';
import { readOverrides } from './packages.js';

export const lookupControlRoutes = (lookups: LookupService): ControlRoute[] => [
  {
    method: 'GET',
    template: '/__sim/lookups',
    operationId: 'control: Lookups package data',
    handle: ({ caller }) => json(200, { numbers: lookups.list(caller) }),
  },
  // Before the {PhoneNumber} routes, which would otherwise take 'performed' for a number.
  {
    method: 'GET',
    template: '/__sim/lookups/performed',
    operationId: 'control: the account’s recent lookups',
    handle: ({ caller }) =>
      json(200, { lookups: lookups.performed(caller).map((lookup) => ({ ...lookup, at: new Date(lookup.at).toISOString() })) }),
  },
  {
    method: 'GET',
    template: '/__sim/lookups/{PhoneNumber}',
    operationId: 'control: one number’s Lookups data',
    handle: ({ params, caller }) => json(200, lookups.get(caller, params.PhoneNumber!)),
  },
  {
    method: 'PUT',
    template: '/__sim/lookups/{PhoneNumber}',
    operationId: 'control: set a number’s Lookups data',
    handle: ({ request, params, caller }) => json(200, lookups.set(caller, params.PhoneNumber!, readOverrides(readJson(request)))),
  },
  {
    method: 'DELETE',
    template: '/__sim/lookups/{PhoneNumber}',
    operationId: 'control: forget a number’s Lookups data',
    handle({ params, caller }) {
      lookups.remove(caller, params.PhoneNumber!);
      return noContent();
    },
  },
];
