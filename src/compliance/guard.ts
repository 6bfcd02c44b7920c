// The opt-in telemarketing guard initiateCall consults before it asks Twilio for a call to an Australian number:
// calling hours first (no network), then consent, then the register (a wash only when no valid consent exists).
// A register that cannot answer fails the call with its DncrError: unknown is never "callable".
import { DEFAULT_AU_TIME_ZONE, localTime } from '../australian-time.js';
import type { DncrChecker } from '../dncr/checker.js';
import { countryOf } from '../numbers.js';
import { realTime, type TimeSource } from '../pacing.js';
import { callingHoursProblem, type RecipientLocation } from './calling-hours.js';
import { consentValidAt, type ConsentLookup } from './consent.js';
import { DoNotCallError, OutsideCallingHoursError } from './errors.js';

export interface TelemarketingGuardOptions {
  dncr: DncrChecker;
  /** The app's consent records. Without it, every registered number is refused. */
  consent?: ConsentLookup;
  time?: TimeSource;
  /** Also refuse calls on the recipient's state public holidays (stricter than the Standard). */
  stateHolidays?: boolean;
  /** The calendar consent periods are counted in. Default Australia/Sydney. */
  timeZone?: string;
}

export class TelemarketingGuard {
  readonly #options: TelemarketingGuardOptions;
  readonly #time: TimeSource;
  readonly #zone: string;

  constructor(options: TelemarketingGuardOptions) {
    this.#options = options;
    this.#time = options.time ?? realTime;
    this.#zone = options.timeZone ?? DEFAULT_AU_TIME_ZONE;
    localTime(0, this.#zone); // an unknown zone fails here
  }

  /**
   * Resolves when a telemarketing call to `e164` may be made now; otherwise throws OutsideCallingHoursError,
   * DoNotCallError, or the register's DncrError. Numbers outside Australia are not covered (neither the register
   * nor the Standard's hours apply to them) and pass.
   */
  async assertMayCall(e164: string, recipient?: RecipientLocation): Promise<void> {
    if (countryOf(e164) !== 'AU') return;
    this.assertWithinHours(e164, recipient);
    const now = this.#time.now();
    const consent = await this.#options.consent?.(e164);
    if (consent && consentValidAt(consent, now, this.#zone)) return;
    const [verdict] = await this.#options.dncr.checkMany([e164]);
    if (verdict!.doNotCall) throw new DoNotCallError(e164, verdict!.reason === 'registered' ? 'registered' : 'invalid', verdict!.washedAt);
  }

  /** The calling-hours part alone (no network): throws OutsideCallingHoursError when now is outside them. */
  assertWithinHours(e164: string, recipient?: RecipientLocation): void {
    if (countryOf(e164) !== 'AU') return;
    const problem = callingHoursProblem(this.#time.now(), recipient, { stateHolidays: this.#options.stateHolidays ?? false });
    if (problem) throw new OutsideCallingHoursError(e164, problem);
  }
}
