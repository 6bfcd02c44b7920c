// Consent to telemarketing calls (DNCR Act, Schedule 2): express consent for a stated period lasts that period; for
// an indefinite period, until withdrawn; with no period stated it is taken as withdrawn at the end of the 3 months
// beginning on the day it was given (days counted in Australian time).
import { dayAfterMonths, localTime, startOfLocalDay } from '../australian-time.js';

export interface ConsentRecord {
  /** When the person consented. */
  givenAt: Date | number;
  /** The end of the period they consented for, when one was stated. */
  expiresAt?: Date | number;
  /** They consented for an indefinite period (lasts until withdrawn). */
  indefinite?: boolean;
  /** When they withdrew it, if they did. */
  withdrawnAt?: Date | number;
}

/** Looks up the consent recorded for an E.164 number (the app's own records). */
export type ConsentLookup = (e164: string) => ConsentRecord | undefined | Promise<ConsentRecord | undefined>;

const ms = (value: Date | number) => (typeof value === 'number' ? value : value.getTime());

/** The first instant the consent no longer counts, or Infinity while indefinite and not withdrawn. */
export function consentLapsesAt(consent: ConsentRecord, zone: string): number {
  const withdrawn = consent.withdrawnAt === undefined ? Number.POSITIVE_INFINITY : ms(consent.withdrawnAt);
  if (consent.indefinite) return withdrawn;
  const end =
    consent.expiresAt !== undefined
      ? ms(consent.expiresAt)
      : startOfLocalDay(dayAfterMonths(localTime(ms(consent.givenAt), zone), 3), zone);
  return Math.min(end, withdrawn);
}

export function consentValidAt(consent: ConsentRecord, at: number, zone: string): boolean {
  return ms(consent.givenAt) <= at && at < consentLapsesAt(consent, zone);
}
