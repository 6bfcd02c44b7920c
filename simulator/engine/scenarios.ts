// Who answers how: Twilio's magic test numbers (reproduced exactly, see ../shared/reference/twilio-behaviour.md)
// and per-recipient delivery outcomes set from fixtures or the control API.
import { badRequest } from './errors.js';
import type { DeliveryOutcome, ScenarioFixture } from './fixture-types.js';

export interface MagicRejection {
  code: number;
  httpStatus: number;
  message: string;
}

const reject = (code: number, message: string): MagicRejection => ({ code, httpStatus: 400, message });

/** Test-credential From numbers for SMS. +15005550006 passes every check. */
export const MAGIC_SMS_FROM: ReadonlyMap<string, MagicRejection> = new Map([
  ['+15005550001', reject(21212, "The 'From' number +15005550001 is not a valid phone number, shortcode, or alphanumeric sender ID.")],
  [
    '+15005550007',
    reject(
      21606,
      "The 'From' phone number provided (+15005550007) is not a valid message-capable Twilio phone number for this destination/account.",
    ),
  ],
  ['+15005550008', reject(21611, "This 'From' number (+15005550008) has exceeded the maximum number of queued messages.")],
]);

export const MAGIC_SMS_TO: ReadonlyMap<string, MagicRejection> = new Map([
  ['+15005550001', reject(21211, "Invalid 'To' Phone Number: +15005550001")],
  ['+15005550002', reject(21612, "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS.")],
  [
    '+15005550003',
    reject(21408, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003."),
  ],
  ['+15005550004', reject(21610, 'Attempt to send to unsubscribed recipient')],
  ['+15005550009', reject(21614, "'To' number +15005550009 is not a valid mobile number")],
]);

/** The magic sender passes ownership checks, as it does with Twilio's test credentials. */
export const MAGIC_OK_FROM = '+15005550006';

export interface Scenario {
  outcome: DeliveryOutcome;
  errorCode: number | null;
  delayMs: number | null;
}

const DEFAULT_ERROR: Partial<Record<DeliveryOutcome, number>> = { undelivered: 30003, failed: 30008 };

const EVERY_ACCOUNT = '*';
const MAX_DELAY_MS = 400 * 24 * 60 * 60 * 1000;

/**
 * Delivery outcomes per recipient; the default is a prompt `delivered`. Fixture scenarios apply to every account;
 * ones set through the control API belong to the account that set them, so accounts can't disturb each other.
 */
export class ScenarioBook {
  #byRecipient = new Map<string, Scenario>();

  constructor(initial: ScenarioFixture[]) {
    for (const s of initial) this.set(EVERY_ACCOUNT, s);
  }

  set(accountSid: string, s: ScenarioFixture): Scenario {
    if (s.delayMs !== undefined && !(s.delayMs >= 0 && s.delayMs <= MAX_DELAY_MS)) {
      throw badRequest(20001, `delayMs must be between 0 and ${MAX_DELAY_MS} ms (400 days)`);
    }
    const scenario: Scenario = {
      outcome: s.outcome,
      errorCode: s.errorCode ?? DEFAULT_ERROR[s.outcome] ?? null,
      delayMs: s.delayMs ?? null,
    };
    this.#byRecipient.set(`${accountSid}|${s.to}`, scenario);
    return scenario;
  }

  remove(accountSid: string, to: string): boolean {
    return this.#byRecipient.delete(`${accountSid}|${to}`);
  }

  for(accountSid: string, to: string): Scenario {
    return (
      this.#byRecipient.get(`${accountSid}|${to}`) ??
      this.#byRecipient.get(`${EVERY_ACCOUNT}|${to}`) ?? { outcome: 'delivered', errorCode: null, delayMs: null }
    );
  }

  /** Drop the scenarios an account set (fixture scenarios stay). */
  resetAccount(accountSid: string): void {
    for (const key of [...this.#byRecipient.keys()]) if (key.startsWith(`${accountSid}|`)) this.#byRecipient.delete(key);
  }

  /** The scenarios an account sees: its own plus the fixtures'. */
  list(accountSid: string): Array<{ to: string; scope: 'account' | 'fixtures' } & Scenario> {
    const result: Array<{ to: string; scope: 'account' | 'fixtures' } & Scenario> = [];
    for (const [key, s] of this.#byRecipient) {
      const [owner, to] = key.split('|') as [string, string];
      if (owner === accountSid || owner === EVERY_ACCOUNT)
        result.push({ to, scope: owner === EVERY_ACCOUNT ? 'fixtures' : 'account', ...s });
    }
    return result;
  }
}
