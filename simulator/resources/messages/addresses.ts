// How Twilio reads the To and From of a message when they are not clean E.164 (as the real recordings show):
// a From without its `+` or in national form is matched to a number the account owns; a national To is read in
// the country of the number sending it.
import type { AccountState } from '../../kernel/accounts.js';
import { nationalFacts, type PhoneFacts, phoneFacts } from '../../kernel/phone.js';

const DEFAULT_COUNTRY = 'AU';

/** The owned number a From means (E.164), or null when it names none of the account's numbers. */
export function ownedFrom(account: AccountState, raw: string): string | null {
  const direct = phoneFacts(raw);
  if (direct) return direct.e164;
  const plus = phoneFacts(`+${raw.trim()}`);
  if (plus && account.numberByPhone(plus.e164)) return plus.e164;
  for (const number of account.numbers.values()) {
    const country = phoneFacts(number.phoneNumber)?.country;
    if (country && nationalFacts(raw, country)?.e164 === number.phoneNumber) return number.phoneNumber;
  }
  return null;
}

/** To as E.164: given so, or national digits in the sender's country. */
export function readTo(raw: string, from: string | null): PhoneFacts | null {
  if (raw.trim().startsWith('+')) return phoneFacts(raw);
  const country = (from && phoneFacts(from)?.country) || DEFAULT_COUNTRY;
  return nationalFacts(raw, country);
}
