// Why the register could not answer. checkDncr fails closed: an unknown answer is one of these, never "callable".

/** The register could not tell whether a number may be called. `reason` says why in one word. */
export class DncrError extends Error {
  override readonly name: string = 'DncrError';
  readonly reason: 'returnCode' | 'unavailable' | 'malformed';

  constructor(reason: DncrError['reason'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** The washing service answered with a non-zero return code; `code` is that code, `operation` what was asked. */
export class DncrReturnCodeError extends DncrError {
  override readonly name: string = 'DncrReturnCodeError';
  readonly code: number;
  readonly operation: string;

  constructor(operation: string, code: number, meaning: string) {
    super('returnCode', `DNCR ${operation} returned ${code}: ${meaning}`);
    this.code = code;
    this.operation = operation;
  }
}

/** 1: credentials or numbers missing. */
export class DncrCredentialsError extends DncrReturnCodeError {
  override readonly name = 'DncrCredentialsError';
}
/** 2: no wash with that client reference. */
export class DncrReferenceNotFoundError extends DncrReturnCodeError {
  override readonly name = 'DncrReferenceNotFoundError';
}
/** 3: the telemarketer account is missing or suspended. */
export class DncrAccountSuspendedError extends DncrReturnCodeError {
  override readonly name = 'DncrAccountSuspendedError';
}
/** 4 on a wash: the subscription has expired. */
export class DncrSubscriptionExpiredError extends DncrReturnCodeError {
  override readonly name = 'DncrSubscriptionExpiredError';
}
/** 4 on fetching a result: the wash has not finished (still so after the adapter's polls). */
export class DncrResultPendingError extends DncrReturnCodeError {
  override readonly name = 'DncrResultPendingError';
}
/** 5: no wash credits left. */
export class DncrNoBalanceError extends DncrReturnCodeError {
  override readonly name = 'DncrNoBalanceError';
}

/** The service could not be reached or answered something that is not a wash result (`cause` has the detail). */
export class DncrUnavailableError extends DncrError {
  override readonly name = 'DncrUnavailableError';
}
