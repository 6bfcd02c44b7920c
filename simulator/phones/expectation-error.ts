// A device's expectation that did not hold. `reason` tells a transport how to report it: `timeout` (the awaited
// thing never came within the wait) or `state` (the call cannot do that now: pressing keys with nothing listening).
export type ExpectationFailure = 'timeout' | 'state' | 'unexpected';

export class PhoneExpectationError extends Error {
  constructor(
    readonly reason: ExpectationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PhoneExpectationError';
  }
}
