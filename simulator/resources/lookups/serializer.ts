// A lookup in Twilio's JSON: every key present, packages not asked for null, validation_errors null when valid.
import type { LookupAnswer } from './model.js';
import { PACKAGES } from './packages.js';

export function serializeLookup(answer: LookupAnswer, input: string) {
  const { facts, packages } = answer;
  const body: Record<string, unknown> = {
    calling_country_code: facts.callingCountryCode,
    country_code: facts.countryCode,
    phone_number: facts.phoneNumber,
    national_format: facts.nationalFormat,
    valid: facts.valid,
    validation_errors: facts.valid ? null : facts.validationErrors,
  };
  for (const name of PACKAGES) body[name] = packages[name] ?? null;
  body.url = `https://lookups.twilio.com/v2/PhoneNumbers/${facts.phoneNumber ?? encodeURIComponent(input)}`;
  return body;
}
