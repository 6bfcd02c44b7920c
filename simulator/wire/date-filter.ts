// Date filters of the 2010 API's lists, read the way Twilio reads them.
import { badRequest } from './errors.js';

const DAY_MS = 86_400_000;

/**
 * Twilio's list filters by day (GMT), e.g. `DateSent` = sent that day, `DateSent<` = on or before it,
 * `DateSent>` = on or after it (Calls' StartTime/EndTime the same way). The SDKs send full ISO-8601 date-times (midnight), so only the date part counts.
 */
export function parseDateBound(raw: string | null, edge: 'start' | 'end'): number | undefined {
  if (raw === null) return undefined;
  const day = /^(\d{4}-\d{2}-\d{2})(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw.trim())?.[1];
  const ms = day === undefined ? NaN : Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) throw badRequest(20001, `Invalid date '${raw}': use YYYY-MM-DD or an ISO-8601 date-time`);
  return edge === 'end' ? ms + DAY_MS - 1 : ms;
}
