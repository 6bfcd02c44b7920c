// Telemarketing calling hours (Telemarketing and Research Calls Industry Standard 2017), in the recipient's local
// time: weekdays 9:00–20:00, Saturday 9:00–17:00, never on a Sunday or a national public holiday; optionally never
// on a state public holiday either. Holidays come from date-holidays, not a hand-kept list.
import Holidays from 'date-holidays';
import { isoDate, localTime } from '../australian-time.js';

export type AuState = 'NSW' | 'ACT' | 'VIC' | 'QLD' | 'SA' | 'WA' | 'TAS' | 'NT';

/** Where the recipient is, when the caller knows: a state, an IANA time zone, or both. */
export interface RecipientLocation {
  state?: AuState;
  timeZone?: string;
}

const STATE_ZONES: Readonly<Record<AuState, string>> = {
  NSW: 'Australia/Sydney',
  ACT: 'Australia/Sydney',
  VIC: 'Australia/Melbourne',
  QLD: 'Australia/Brisbane',
  SA: 'Australia/Adelaide',
  WA: 'Australia/Perth',
  TAS: 'Australia/Hobart',
  NT: 'Australia/Darwin',
};

export interface CallingHoursProblem {
  reason: 'sunday' | 'publicHoliday' | 'outsideHours';
  /** The zone in which the call would break the rule. */
  timeZone: string;
  /** Local date and time there, e.g. "2026-12-25 10:00". */
  localTime: string;
  /** The holiday's name, for publicHoliday. */
  holiday?: string;
}

// [from, to) in minutes after midnight, by weekday (0 Sunday).
const WEEKDAY_HOURS: readonly [number, number] = [9 * 60, 20 * 60];
const SATURDAY_HOURS: readonly [number, number] = [9 * 60, 17 * 60];

const calendars = new Map<string, Holidays>();
const holidayDays = new Map<string, Map<string, string>>();

// Public holidays of AU (national) or of one state, by local ISO date → name; cached per region and year.
function publicHolidays(region: 'AU' | AuState, year: number): Map<string, string> {
  const key = `${region}:${year}`;
  let days = holidayDays.get(key);
  if (!days) {
    let calendar = calendars.get(region);
    if (!calendar) {
      calendar = region === 'AU' ? new Holidays('AU') : new Holidays('AU', region);
      calendars.set(region, calendar);
    }
    days = new Map();
    for (const h of calendar.getHolidays(year)) if (h.type === 'public') days.set(h.date.slice(0, 10), h.name);
    holidayDays.set(key, days);
  }
  return days;
}

/**
 * The places whose clocks count. A known state or zone is one place; otherwise every state's zone, so a call is
 * allowed only when it is inside the hours everywhere in Australia (a mobile number says nothing about where its
 * owner is, and a landline's area code only roughly).
 */
function placesFor(location: RecipientLocation | undefined): Array<{ zone: string; states: AuState[] }> {
  const states = Object.keys(STATE_ZONES) as AuState[];
  if (location?.state) return [{ zone: location.timeZone ?? STATE_ZONES[location.state], states: [location.state] }];
  if (location?.timeZone) return [{ zone: location.timeZone, states: states.filter((s) => STATE_ZONES[s] === location.timeZone) }];
  const byZone = new Map<string, AuState[]>();
  for (const s of states) byZone.set(STATE_ZONES[s], [...(byZone.get(STATE_ZONES[s]) ?? []), s]);
  return [...byZone].map(([zone, inZone]) => ({ zone, states: inZone }));
}

/** Why a telemarketing call at `at` would break the calling hours, or undefined when it may be made. */
export function callingHoursProblem(
  at: number,
  location?: RecipientLocation,
  options: { stateHolidays?: boolean } = {},
): CallingHoursProblem | undefined {
  for (const { zone, states } of placesFor(location)) {
    const local = localTime(at, zone);
    const date = isoDate(local);
    const clock = `${date} ${String(Math.floor(local.minutes / 60)).padStart(2, '0')}:${String(local.minutes % 60).padStart(2, '0')}`;
    if (local.weekday === 0) return { reason: 'sunday', timeZone: zone, localTime: clock };
    const regions: Array<'AU' | AuState> = options.stateHolidays ? ['AU', ...states] : ['AU'];
    for (const region of regions) {
      const holiday = publicHolidays(region, local.year).get(date);
      if (holiday) return { reason: 'publicHoliday', timeZone: zone, localTime: clock, holiday };
    }
    const [from, to] = local.weekday === 6 ? SATURDAY_HOURS : WEEKDAY_HOURS;
    if (local.minutes < from || local.minutes >= to) return { reason: 'outsideHours', timeZone: zone, localTime: clock };
  }
  return undefined;
}
