// Typed errors the production client throws. Callers branch on these classes and on `TwilioApiError.code` (the
// Twilio error number, e.g. 21211 or 21610), never on message text.

/** Twilio answered with an error (4xx/5xx). `code` is Twilio's numeric error code when the body carried one. */
export class TwilioApiError extends Error {
  override readonly name = 'TwilioApiError';
  /** Twilio error code (21211, 21610, 20429…), or null when the response had no Twilio error body (e.g. a bare 503). */
  readonly code: number | null;
  /** HTTP status of the response. */
  readonly status: number;
  /** Link to Twilio's page for the error code. */
  readonly moreInfo: string | null;
  /** How long the server asked us to wait before retrying (from Retry-After), when it said so. */
  readonly retryAfterMs: number | undefined;
  readonly details: unknown;

  constructor(init: {
    status: number;
    code?: number | null;
    message?: string;
    moreInfo?: string | null;
    retryAfterMs?: number;
    details?: unknown;
    cause?: unknown;
  }) {
    const code = init.code ?? null;
    super(init.message || `Twilio request failed with HTTP ${init.status}`, { cause: init.cause });
    this.status = init.status;
    this.code = code;
    this.moreInfo = init.moreInfo ?? (code === null ? null : `https://www.twilio.com/docs/errors/${code}`);
    this.retryAfterMs = init.retryAfterMs;
    this.details = init.details;
  }

  /**
   * Build from what the twilio SDK throws: its RestException ({status, code, message, moreInfo}) or, for APIs that
   * answer in RFC 9457 form, its TwilioServiceException ({status, code, title, detail}). Matched by shape because
   * the latter class is not exported by the SDK. Returns undefined for anything that is not an HTTP error response.
   */
  static fromSdkError(err: unknown, extra: { retryAfterMs?: number } = {}): TwilioApiError | undefined {
    if (err instanceof TwilioApiError) return err;
    if (!(err instanceof Error)) return undefined;
    const e = err as Error & Record<string, unknown>;
    if (typeof e.status !== 'number' || e.status < 400) return undefined;
    const code = typeof e.code === 'number' && e.code > 0 ? e.code : null;
    const message = (typeof e.detail === 'string' && e.detail) || (typeof e.title === 'string' && e.title) || e.message;
    return new TwilioApiError({
      status: e.status,
      code,
      message,
      moreInfo: typeof e.moreInfo === 'string' ? e.moreInfo : null,
      ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
      details: e.details ?? e.errors,
      cause: err,
    });
  }
}

/** Why a phone number was rejected; the same vocabulary as Lookups v2 `validation_errors`, plus INVALID. */
export type PhoneNumberProblem =
  | 'NOT_A_NUMBER'
  | 'INVALID_COUNTRY_CODE'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_LENGTH'
  | 'INVALID_BUT_POSSIBLE';

/** A phone number could not be turned into a valid E.164 number. Thrown before any request is made. */
export class InvalidPhoneNumberError extends Error {
  override readonly name = 'InvalidPhoneNumberError';
  /** The input exactly as given. */
  readonly input: unknown;
  readonly reason: PhoneNumberProblem;

  constructor(input: unknown, reason: PhoneNumberProblem) {
    super(`Invalid phone number ${JSON.stringify(input)}: ${reason}`);
    this.input = input;
    this.reason = reason;
  }
}

/** A retryable failure (429, 5xx, network) kept happening; `cause` is the last failure. */
export class RetryExhaustedError extends Error {
  override readonly name = 'RetryExhaustedError';
  readonly attempts: number;

  constructor(attempts: number, cause: unknown, why = `gave up after ${attempts} attempts`) {
    const last = cause instanceof Error ? `: ${cause.message}` : '';
    super(`${why}${last}`, { cause });
    this.attempts = attempts;
  }
}

/**
 * A `baseUrl` would carry the account's credentials in clear text: plain `http:` to a host that is not this
 * machine. Pass `allowInsecureBaseUrl: true` when that is really meant (a simulator on a private network).
 */
export class InsecureBaseUrlError extends Error {
  override readonly name = 'InsecureBaseUrlError';
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    super(`refusing to send Twilio credentials in clear text to ${baseUrl}; use https, a loopback host, or allowInsecureBaseUrl`);
    this.baseUrl = baseUrl;
  }
}
