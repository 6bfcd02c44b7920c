// What Lookups says about any input before a package is asked for: is it a number, is it valid, and how it is
// written — straight from libphonenumber-js's full metadata, the same facts Twilio's validation is built on.
import {
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType,
} from 'libphonenumber-js/max';

/** Twilio's validation_errors values. */
export type ValidationError =
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_BUT_POSSIBLE'
  | 'INVALID_COUNTRY_CODE'
  | 'INVALID_LENGTH'
  | 'NOT_A_NUMBER';

export interface NumberFacts {
  /** E.164 when digits could be read (even for an invalid number), else null. */
  phoneNumber: string | null;
  valid: boolean;
  /** Empty when valid. */
  validationErrors: ValidationError[];
  /** ISO country, calling code and national format: null unless valid, as Twilio answers them. */
  countryCode: string | null;
  callingCountryCode: string | null;
  nationalFormat: string | null;
  /** libphonenumber's type (MOBILE, FIXED_LINE, TOLL_FREE…), null when invalid or unknown. */
  numberType: NumberType | null;
}

// A path segment longer than this is not a phone number in any plan; refuse to parse it at all.
const MAX_INPUT = 64;
const E164 = /^\+[1-9]\d{1,14}$/;

const LENGTH_ERRORS: Record<string, ValidationError> = {
  TOO_SHORT: 'TOO_SHORT',
  TOO_LONG: 'TOO_LONG',
  INVALID_LENGTH: 'INVALID_LENGTH',
  NOT_A_NUMBER: 'NOT_A_NUMBER',
  INVALID_COUNTRY: 'INVALID_COUNTRY_CODE',
};

const invalid = (phoneNumber: string | null, error: ValidationError): NumberFacts => ({
  phoneNumber,
  valid: false,
  validationErrors: [error],
  countryCode: null,
  callingCountryCode: null,
  nationalFormat: null,
  numberType: null,
});

/**
 * Read `input` as Lookups does: E.164 as written; national input in `countryCode`, or — without one — as a North
 * American number (+1), so `0412 345 678` alone is not a valid number.
 */
export function numberFacts(input: string, countryCode?: string): NumberFacts {
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_INPUT || !/\d/.test(text)) return invalid(null, 'NOT_A_NUMBER');
  const written = text.startsWith('+') ? `+${text.replace(/\D/g, '')}` : null;
  const fallback = written !== null && E164.test(written) ? written : null;
  // CountryCode only says how to read national input; a number written with its + carries its own country.
  const country = written === null ? countryCode?.toUpperCase() : undefined;
  if (country !== undefined && !isSupportedCountry(country)) return invalid(fallback, 'INVALID_COUNTRY_CODE');
  const options = country ? { defaultCountry: country as CountryCode } : { defaultCallingCode: '1' };
  const lengthError = validatePhoneNumberLength(text, options);
  const parsed = parsePhoneNumberFromString(text, options);
  const phoneNumber = parsed && E164.test(parsed.number) ? parsed.number : fallback;
  if (lengthError) return invalid(phoneNumber, LENGTH_ERRORS[lengthError] ?? 'NOT_A_NUMBER');
  if (!parsed) return invalid(phoneNumber, 'NOT_A_NUMBER');
  if (!parsed.isValid()) return invalid(phoneNumber, 'INVALID_BUT_POSSIBLE');
  return {
    phoneNumber: parsed.number,
    valid: true,
    validationErrors: [],
    countryCode: parsed.country ?? null,
    callingCountryCode: parsed.countryCallingCode,
    nationalFormat: parsed.formatNational(),
    numberType: parsed.getType() ?? null,
  };
}
