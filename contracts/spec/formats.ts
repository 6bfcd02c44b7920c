// String formats Twilio's descriptions use that ajv-formats doesn't know, plus two of ours that the fix-up pass
// introduces. Each is a fast check (regex plus, for dates, a calendar check) because every response field with a
// format runs through one.
import type { Ajv } from 'ajv';
import * as formatsModule from 'ajv-formats';

type FormatsPlugin = (ajv: Ajv, opts?: unknown) => Ajv;
// ajv-formats is CommonJS; depending on the loader the plugin is the default export or the default's default.
const pluginExport = (formatsModule as unknown as { default: FormatsPlugin & { default?: FormatsPlugin } }).default;
const addStandardFormats: FormatsPlugin = pluginExport.default ?? pluginExport;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC2822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;

/**
 * Twilio's 2010 API dates: `Tue, 24 Nov 2026 10:00:00 +0000`. Twilio always writes two-digit days and +0000; we
 * also check that the weekday matches the date, which catches hand-rolled formatting bugs a regex alone misses.
 */
export function isRfc2822Date(value: string): boolean {
  const m = RFC2822.exec(value);
  if (!m) return false;
  const [, dow, dd, mon, yyyy, hh, mi, ss, sign, oh, om] = m as unknown as string[];
  const day = Number(dd);
  const month = MONTHS.indexOf(mon!);
  const year = Number(yyyy);
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 60 || Number(om) > 59) return false;
  const utc = Date.UTC(year, month, day);
  const date = new Date(utc);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return false; // 31 Feb and friends
  // The weekday belongs to the local date as written, so the offset does not change it.
  void sign;
  void oh;
  return DAYS[date.getUTCDay()] === dow;
}

/** E.164, optionally behind a channel prefix (`whatsapp:+61…`), which the Messages API accepts in To/From. */
const PHONE = /^(?:(?:whatsapp|messenger|rcs|sms):)?\+[1-9]\d{1,14}$/;
/** A path on the API host, e.g. `/2010-04-01/Accounts/AC…/Messages.json?PageSize=50&Page=0`. */
const RELATIVE_URI = /^\/[^\s#]*$/;
const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/i;

export const twilioFormats: Record<string, RegExp | ((v: string) => boolean)> = {
  'date-time-rfc-2822': isRfc2822Date,
  'phone-number': PHONE,
  currency: /^[A-Z]{3}$/,
  'http-method': /^(GET|POST|PUT|DELETE|PATCH|HEAD)$/,
  'iso-country-code': /^[A-Z]{2}$/,
  // Documentation-only formats (the schema's type/properties already say everything checkable).
  endpoint: () => true,
  twiml: () => true,
  'ice-server': () => true,
  'uri-map': () => true,
  'phone-number-capabilities': () => true,
  // Ours, introduced by fix-ups (see fixups.ts).
  'relative-uri': RELATIVE_URI,
  'uri-or-empty': (v) => v === '' || ABSOLUTE_URI.test(v),
};

export function addFormats(ajv: Ajv): Ajv {
  addStandardFormats(ajv);
  for (const [name, check] of Object.entries(twilioFormats)) {
    ajv.addFormat(name, check instanceof RegExp ? check : { type: 'string', validate: check });
  }
  return ajv;
}
