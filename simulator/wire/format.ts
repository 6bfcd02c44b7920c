// Twilio's scalar formats: RFC 2822 dates in GMT, prices as strings with five decimals.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "Tue, 24 Nov 2026 10:00:00 +0000" */
export function rfc2822(epochMs: number): string {
  const d = new Date(epochMs);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export const rfc2822OrNull = (epochMs: number | null) => (epochMs === null ? null : rfc2822(epochMs));

/** Charges are negative in Twilio's resources: -0.08 → "-0.08000". */
export const priceString = (price: number | null) => (price === null ? null : price.toFixed(5));
