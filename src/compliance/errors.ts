// Why the telemarketing guard refused a call. Thrown before any request reaches Twilio.
import type { CallingHoursProblem } from './calling-hours.js';

export class ComplianceError extends Error {
  override readonly name: string = 'ComplianceError';
  /** The E.164 number that was to be called. */
  readonly number: string;

  constructor(number: string, message: string) {
    super(message);
    this.number = number;
  }
}

/** The call would fall on a Sunday, a public holiday, or outside the hours, in the recipient's local time. */
export class OutsideCallingHoursError extends ComplianceError {
  override readonly name = 'OutsideCallingHoursError';
  readonly problem: CallingHoursProblem;

  constructor(number: string, problem: CallingHoursProblem) {
    const why =
      problem.reason === 'publicHoliday'
        ? `a public holiday (${problem.holiday})`
        : problem.reason === 'sunday'
          ? 'a Sunday'
          : 'outside calling hours';
    super(number, `calling ${number} now would be ${why}: ${problem.localTime} in ${problem.timeZone}`);
    this.problem = problem;
  }
}

/** The register says the number must not be called (registered, or invalid), and no valid consent is recorded. */
export class DoNotCallError extends ComplianceError {
  override readonly name = 'DoNotCallError';
  readonly reason: 'registered' | 'invalid';
  readonly washedAt: Date | undefined;

  constructor(number: string, reason: 'registered' | 'invalid', washedAt?: Date) {
    super(
      number,
      reason === 'registered'
        ? `${number} is on the Do Not Call Register and no valid consent is recorded`
        : `${number} is not a callable number`,
    );
    this.reason = reason;
    this.washedAt = washedAt;
  }
}
