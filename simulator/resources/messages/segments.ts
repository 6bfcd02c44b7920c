// SMS segment counting (GSM 03.38 / UCS-2), as the carrier network splits a body into concatenated parts.
// Twilio bills and rate-limits per segment, so num_segments, price and sender pacing all start here.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Number of SMS parts; 0 for an empty body (the caller decides what a media-only message costs). */
  segments: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
}

// GSM 03.38 basic table in code order 0x00–0x7F. 0x1B is the escape to the extension table and is no character
// of its own, so it is left out. 0x09 is drawn as 'Ç' by ETSI but mapped to 'ç' by Unicode's table; both are
// accepted below because phones and gateways disagree.
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

// Extension table: each costs two septets (escape + character). \f is form feed.
const EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET: ReadonlySet<string> = new Set([...BASIC, 'ç']);
const EXTENSION_SET: ReadonlySet<string> = new Set(EXTENSION);

const GSM7_SINGLE = 160;
const GSM7_PART = 153; // 7 septets of each part go to the concatenation header
const UCS2_SINGLE = 70;
const UCS2_PART = 67; // 3 code units of each part go to the concatenation header

/** Septets a character costs in GSM-7, or null when it has no GSM-7 encoding. */
function septets(char: string): 1 | 2 | null {
  if (BASIC_SET.has(char)) return 1;
  if (EXTENSION_SET.has(char)) return 2;
  return null;
}

/** True when every character of `body` is in the GSM-7 basic or extension table. */
export function isGsm7(body: string): boolean {
  for (const char of body) if (septets(char) === null) return false;
  return true;
}

/**
 * Packs characters of the given costs into parts of `capacity` units, never splitting one character (an escape
 * pair or a surrogate pair) across two parts. That is why a long body can need one more part than
 * ceil(units / capacity).
 */
function packParts(costs: Iterable<number>, capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > capacity) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return parts;
}

function* gsm7Costs(body: string): Generator<number> {
  for (const char of body) yield septets(char) ?? 1;
}

function* ucs2Costs(body: string): Generator<number> {
  // Iterating a string yields code points: a surrogate pair arrives as one 2-unit item, a lone surrogate as 1.
  for (const char of body) yield char.length;
}

export function countSegments(body: string): SegmentInfo {
  if (body.length === 0) return { encoding: 'GSM-7', segments: 0, units: 0 };

  if (isGsm7(body)) {
    let units = 0;
    for (const cost of gsm7Costs(body)) units += cost;
    const segments = units <= GSM7_SINGLE ? 1 : packParts(gsm7Costs(body), GSM7_PART);
    return { encoding: 'GSM-7', segments, units };
  }

  const units = body.length;
  const segments = units <= UCS2_SINGLE ? 1 : packParts(ucs2Costs(body), UCS2_PART);
  return { encoding: 'UCS-2', segments, units };
}
