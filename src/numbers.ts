// Australian-first phone number handling. `max` metadata is used because the smaller sets cannot always tell a
// mobile from a landline, and that difference decides whether an SMS can be sent at all (Twilio 21614).
import {
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { InvalidPhoneNumberError, type PhoneNumberProblem } from './errors.js';

export type { CountryCode };

export type AuNumberType = 'mobile' | 'landline' | 'tollFree' | 'other';

// ACMA reserves these ranges for fiction (film, TV, and here: fixtures), so they can never reach a person.
// libphonenumber-js (1.13) already treats them as valid; the explicit list keeps our fixtures working even if a
// future metadata release marks them unallocated.
const FICTITIOUS: ReadonlyArray<{ pattern: RegExp; type: AuNumberType }> = [
  { pattern: /^\+61491570\d{3}$/, type: 'mobile' }, // 0491 570 xxx
  { pattern: /^\+61[2378](?:5550|7010)\d{4}$/, type: 'landline' }, // (0x) 5550 xxxx, (0x) 7010 xxxx
];

/** True for numbers in ACMA's ranges reserved for fiction (0491 570 xxx, (0x) 5550 xxxx, (0x) 7010 xxxx). */
export function isFictitiousAuNumber(e164: string): boolean {
  return FICTITIOUS.some((f) => f.pattern.test(e164));
}

// Alphanumeric sender IDs (allowed in AU): 1–11 letters, digits or spaces, at least one letter.
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** True for an alphanumeric sender ID ("MyShop", "Acme 24"), which is sent as written, never read as a number. */
export function isAlphanumericSenderId(from: string): boolean {
  return SENDER_ID.test(from);
}

/**
 * Normalise a human-entered number to E.164. National input is read in `defaultCountry` (AU unless told):
 * "0412 345 678", "+61 412 345 678", "61412345678", "(02) 9876 5432", "0011 61 …", "+1 415 555 2671".
 * @throws InvalidPhoneNumberError when the input is not a valid number.
 */
export function toE164(input: string, defaultCountry: CountryCode = 'AU'): string {
  return parse(input, defaultCountry).number;
}

/** mobile (04…), landline (02/03/07/08), tollFree (13 xx xx, 1300, 1800) or other (anything else, any non-AU). */
export function classifyAuNumber(e164: string): AuNumberType {
  const phone = parse(e164, 'AU');
  if (phone.country !== 'AU') return 'other';
  const fictitious = FICTITIOUS.find((f) => f.pattern.test(phone.number));
  if (fictitious) return fictitious.type;
  switch (phone.getType()) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
      return 'landline';
    // libphonenumber files 13/1300 under SHARED_COST and 1800 under TOLL_FREE; callers treat all three alike.
    case 'TOLL_FREE':
    case 'SHARED_COST':
      return 'tollFree';
    default:
      return 'other';
  }
}

/** The country an E.164 number belongs to (AU for +61…), or undefined when its region cannot be told. */
export function countryOf(e164: string): CountryCode | undefined {
  return parse(e164, 'AU').country;
}

/** The number as written at home: "0412 345 678", "(02) 9876 5432", "1300 123 456", "13 12 34". */
export function nationalFormat(e164: string): string {
  const phone = parse(e164, 'AU');
  // libphonenumber prints six-digit 13 numbers unspaced; Australians write them "13 xx xx".
  const short = /^\+6113(\d{2})(\d{2})$/.exec(phone.number);
  if (short) return `13 ${short[1]} ${short[2]}`;
  return phone.formatNational();
}

function parse(input: string, defaultCountry: CountryCode): PhoneNumber {
  if (typeof input !== 'string' || input.trim() === '') throw new InvalidPhoneNumberError(input, 'NOT_A_NUMBER');
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(input, { defaultCountry, extract: false });
  } catch (err) {
    throw new InvalidPhoneNumberError(input, err instanceof ParseError ? problemOf(err.message) : 'NOT_A_NUMBER');
  }
  if (phone.isValid() || isFictitiousAuNumber(phone.number)) return phone;
  const lengthProblem = validatePhoneNumberLength(input, { defaultCountry });
  throw new InvalidPhoneNumberError(input, lengthProblem ? problemOf(lengthProblem) : 'INVALID_BUT_POSSIBLE');
}

function problemOf(code: string): PhoneNumberProblem {
  switch (code) {
    case 'INVALID_COUNTRY':
      return 'INVALID_COUNTRY_CODE';
    case 'TOO_SHORT':
    case 'TOO_LONG':
    case 'INVALID_LENGTH':
      return code;
    default:
      return 'NOT_A_NUMBER';
  }
}
