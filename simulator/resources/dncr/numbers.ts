// Which inputs are Australian numbers, the only ones the register can hold. The operator takes national digits
// ("0412345678"); the simulator also takes E.164 and "61…" so its JSON face and control API are easy to use.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const MAX_INPUT = 32;

/** E.164 of a valid Australian number, or null. */
export function australianNumber(input: string): string | null {
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_INPUT || !/^[+\d][\d ()-]*$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  const international = text.startsWith('+') ? text : digits.startsWith('61') && digits.length >= 10 ? `+${digits}` : null;
  const parsed = parsePhoneNumberFromString(international ?? text, 'AU');
  return parsed?.isValid() && parsed.country === 'AU' ? parsed.number : null;
}
