// Number facts the engine needs (validity, country, line type), from libphonenumber-js's full metadata.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface PhoneFacts {
  e164: string;
  country: string | null;
  /** libphonenumber's type, e.g. MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, TOLL_FREE; null when it can't tell. */
  type: string | null;
  valid: boolean;
}

// Parsing with full metadata is the costliest step of a create; the same few numbers recur endlessly.
const MEMO_LIMIT = 10_000;
const memo = new Map<string, PhoneFacts | null>();

/** Twilio wants E.164; we accept only `+` followed by a possible number, as its API does for To/From. */
export function phoneFacts(input: string): PhoneFacts | null {
  const known = memo.get(input);
  if (known !== undefined) return known;
  const facts = parse(input);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(input, facts);
  return facts;
}

function parse(input: string): PhoneFacts | null {
  const trimmed = input.trim();
  if (!/^\+[1-9][0-9 ()-]{5,20}$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed?.isPossible()) return null;
  return {
    e164: parsed.number,
    country: parsed.country ?? null,
    type: parsed.getType() ?? null,
    valid: parsed.isValid(),
  };
}

/**
 * A number written without its `+`: national digits read in `country` (`0412 345 678` in AU, `9852369794` in US),
 * or E.164 digits missing the plus (`12566175732`). Null when neither reading is a possible number.
 */
export function nationalFacts(input: string, country: string): PhoneFacts | null {
  const digits = input.trim();
  if (!/^[0-9][0-9 ()-]{3,20}$/.test(digits)) return null;
  const parsed = parsePhoneNumberFromString(digits, country as CountryCode);
  if (!parsed?.isPossible()) return null;
  return phoneFacts(parsed.number);
}

/** How a number is written at home: (619) 632-4285, 0491 570 156. */
export function nationalFormat(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}

export function isLandline(facts: PhoneFacts): boolean {
  return facts.type === 'FIXED_LINE';
}
