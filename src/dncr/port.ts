// The Do Not Call Register behind a port: the client washes numbers through it and never talks to the operator's
// service directly, so the SOAP adapter, a JSON one or a test double are interchangeable.
import { addDays, localTime, startOfLocalDay } from '../australian-time.js';

/** Y, N or I in the register's words. An invalid number still costs a wash credit. */
export type DncrStatus = 'registered' | 'notRegistered' | 'invalid';

export interface DncrWashResult {
  /** E.164, as asked. */
  number: string;
  status: DncrStatus;
  washedAt: Date;
  /**
   * The first instant the result may no longer be relied on: the start of the 31st calendar day in Australian time,
   * counting the wash day as the first (the Act's 30-day period ends at the end of the day of the call).
   */
  validUntil: Date;
}

export interface DncrPort {
  /** Most numbers one wash call may carry. */
  readonly maxBatch: number;
  /** Wash up to maxBatch E.164 numbers; one result per number. Throws a DncrError when the register cannot say. */
  wash(numbers: readonly string[], options: { clientReference: string }): Promise<DncrWashResult[]>;
  /** Wash credits left. */
  balance?(): Promise<number>;
}

/** When a wash made at `washedAt` stops counting: start of the 30th calendar day after the wash day, in `zone`. */
export function washValidUntil(washedAt: number, zone: string): number {
  return startOfLocalDay(addDays(localTime(washedAt, zone), 30), zone);
}
