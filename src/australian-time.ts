// Calendar arithmetic in an IANA time zone with Node's own ICU (Intl): the DNCR Act counts calendar days and months
// in Australian time, and calling hours are the recipient's local clock. Instants are epoch milliseconds from the
// injected TimeSource; nothing here reads the wall clock.

/** The zone whose calendar counts a wash's 30 days and a consent's 3 months unless told otherwise. */
export const DEFAULT_AU_TIME_ZONE = 'Australia/Sydney';

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export interface LocalTime extends LocalDate {
  /** 0 Sunday … 6 Saturday */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what a caller passing a typo should get.
    f = new Intl.DateTimeFormat('en-AU', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock date and time at `at` in `zone`. */
export function localTime(at: number, zone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

// How far `zone` is ahead of UTC at `at`, in ms.
function offsetAt(at: number, zone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(at)) parts[p.type] = p.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - (at - (at % 1000));
}

/** The instant local midnight begins `date` in `zone` (Australian DST shifts at 2–3 am, so midnight always exists). */
export function startOfLocalDay(date: LocalDate, zone: string): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day);
  const first = guess - offsetAt(guess, zone);
  return guess - offsetAt(first, zone);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The day a period of `months` months beginning on `date` is over (the first day after it). A period beginning on
 * 31 January ends with the last day of April when April has no 31st, so the next day is 1 May.
 */
export function dayAfterMonths(date: LocalDate, months: number): LocalDate {
  const firstOfTarget = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  const year = firstOfTarget.getUTCFullYear();
  const month = firstOfTarget.getUTCMonth() + 1;
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return date.day > length ? addDays({ year, month, day: length }, 1) : { year, month, day: date.day };
}

export function isoDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}
