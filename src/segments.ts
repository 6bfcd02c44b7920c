// How many SMS segments a body takes, so pacing can hold a sender as long as Twilio will (one segment per second).
// GSM 03.38 rules: a body is GSM-7 when every character is in the basic or extension table (extension characters
// cost two septets); otherwise the whole body is UCS-2, counted in UTF-16 code units. A split never cuts an escape
// pair or a surrogate pair, so a segment may end one unit short.

// Basic table in code order. 0x09 is Ç in ETSI's table and ç in Unicode's mapping; both count as one septet.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüàç',
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Segments and encoding of an SMS body. An empty body still takes one segment. */
export function countSegments(body: string): { segments: number; encoding: SmsEncoding } {
  const chars = [...body];
  const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENSION.has(c));
  const units = gsm ? chars.map((c) => (GSM_EXTENSION.has(c) ? 2 : 1)) : chars.map((c) => c.length);
  const [single, split] = gsm ? [160, 153] : [70, 67];
  const total = units.reduce((a, b) => a + b, 0);
  if (total <= single) return { segments: 1, encoding: gsm ? 'GSM-7' : 'UCS-2' };
  let segments = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > split) {
      segments += 1;
      used = 0;
    }
    used += u;
  }
  return { segments, encoding: gsm ? 'GSM-7' : 'UCS-2' };
}
