// GET /v2/PhoneNumbers/{PhoneNumber} on lookups.twilio.com (the transports serve every Twilio host on one port).
import { json } from '../../wire/types.js';
import type { RestRoute } from '../resource.js';
import type { LookupService } from './model.js';
import { parseFields } from './packages.js';
import { serializeLookup } from './serializer.js';

export const lookupRoutes = (lookups: LookupService): RestRoute[] => [
  {
    method: 'GET',
    template: '/v2/PhoneNumbers/{PhoneNumber}',
    operationId: 'FetchPhoneNumber',
    handle({ request, params, caller }) {
      const fields = parseFields(request.query.get('Fields'));
      const countryCode = request.query.get('CountryCode') || undefined;
      const answer = lookups.lookup(caller, params.PhoneNumber!, { fields, countryCode });
      return json(200, serializeLookup(answer, params.PhoneNumber!));
    },
  },
];
