// Client-side pacing and retry. Twilio drains a long code at about one segment per second and queues the rest
// (failing them with 30001 once ValidityPeriod lapses, or refusing new ones with 21611); pacing sends ourselves
// keeps that queue short. Retries cover the transient failures (429, 5xx, dropped connections) only, and never
// repeat a create whose first attempt may already have been carried out (see RetryOptions.retryAmbiguous).
import { RetryExhaustedError, TwilioApiError } from './errors.js';

/** Where pacing and backoff read time and wait. Injected so tests run on a clock they move by hand. */
export interface TimeSource {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: TimeSource = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Adapt any clock with `now()` and `after(ms, task)` (e.g. the simulator's VirtualClock) to a TimeSource. */
export function timeSourceFromClock(clock: { now(): number; after(ms: number, task: () => void): unknown }): TimeSource {
  return {
    now: () => clock.now(),
    sleep: (ms) => new Promise<void>((resolve) => void clock.after(Math.max(0, ms), resolve)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Pacing

export interface PacingOptions {
  /**
   * How long one unit holds its sender: one SMS segment (a 3-segment SMS holds its number 3 × this) or, for the
   * pacer itself, one job. Default 1000 (Twilio drains a long code at 1 segment/s).
   */
  minIntervalMs?: number;
  /** How long one call holds its From number before the next call from it may start. Default 1000 (1 call/s). */
  callIntervalMs?: number;
  /**
   * Segments per second for particular senders: an alphanumeric sender ID, a short code, or a Messaging Service
   * (MG…) whose pool of N numbers drains about N segments/s. Sends through a Messaging Service without `from` are
   * not paced unless listed here: the service spreads them over its pool and queues them itself.
   */
  rates?: Readonly<Record<string, number>>;
}

export interface ScheduleOptions {
  /** Units of work this job is (SMS segments). Default 1. */
  units?: number;
  /** Hold per unit for this job, overriding the pacer's minIntervalMs. */
  intervalMs?: number;
}

const PRUNE_ABOVE = 256;

/**
 * One FIFO lane per sender. A job starts once the previous job of the same sender has finished and that job's
 * hold (its units × the interval, counted from its start) has passed. Senders never wait for each other.
 */
export class SenderPacer {
  readonly minIntervalMs: number;
  readonly #time: TimeSource;
  readonly #lanes = new Map<string, { tail: Promise<void>; heldUntil: number; queued: number }>();

  constructor(options: { minIntervalMs?: number; time?: TimeSource } = {}) {
    this.minIntervalMs = nonNegative(options.minIntervalMs ?? 1000, 'minIntervalMs');
    this.#time = options.time ?? realTime;
  }

  /** Run `job` in `sender`'s lane; resolves or rejects with the job's own outcome. */
  schedule<T>(sender: string, job: () => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
    const holdMs = nonNegative(options.units ?? 1, 'units') * nonNegative(options.intervalMs ?? this.minIntervalMs, 'intervalMs');
    let lane = this.#lanes.get(sender);
    if (!lane) {
      if (this.#lanes.size >= PRUNE_ABOVE) this.#prune();
      lane = { tail: Promise.resolve(), heldUntil: Number.NEGATIVE_INFINITY, queued: 0 };
      this.#lanes.set(sender, lane);
    }
    const l = lane;
    l.queued += 1;
    const run = l.tail.then(async () => {
      const wait = l.heldUntil - this.#time.now();
      if (wait > 0) await this.#time.sleep(wait);
      l.heldUntil = this.#time.now() + holdMs;
      return job();
    });
    const release = (): void => {
      l.queued -= 1;
    };
    l.tail = run.then(release, release);
    return run;
  }

  /** Jobs waiting or running for `sender` (or for all senders). */
  pending(sender?: string): number {
    if (sender !== undefined) return this.#lanes.get(sender)?.queued ?? 0;
    let n = 0;
    for (const lane of this.#lanes.values()) n += lane.queued;
    return n;
  }

  // Forget idle lanes whose hold has passed, so a long-lived client does not keep every sender it ever used.
  #prune(): void {
    const now = this.#time.now();
    for (const [sender, lane] of this.#lanes) {
      if (lane.queued === 0 && lane.heldUntil <= now) this.#lanes.delete(sender);
    }
  }
}

function nonNegative(value: number, name: string): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a non-negative number`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Retry

export interface RetryOptions {
  /** Total attempts including the first. Default 4. */
  maxAttempts?: number;
  /** Backoff before retry n (1-based) is up to baseDelayMs × 2^(n-1), capped at maxDelayMs. Default 250. */
  baseDelayMs?: number;
  /** Default 8000. */
  maxDelayMs?: number;
  /** Full jitter (a uniformly random delay in [0, backoff]) when true, the default; the plain backoff when false. */
  jitter?: boolean;
  /** Random source in [0, 1) for the jitter; tests pin it. */
  random?: () => number;
  /** A Retry-After longer than this is not waited out: we give up at once. Default 60000. */
  maxRetryAfterMs?: number;
  /**
   * Also retry a non-idempotent request (sending a message) after a failure that leaves it unknown whether Twilio
   * acted on it: a timeout, or a connection reset or hang-up after the request was sent (ECONNRESET, ECONNABORTED,
   * ETIMEDOUT, EPIPE, "socket hang up"). Default false, because Twilio may have accepted the first attempt before
   * the connection failed, and a retry would then send the SMS a second time. Such a failure surfaces instead as
   * {@link RequestOutcomeUnknownError}: look the message up before sending again. Turn this on only where a
   * duplicate is acceptable. Reads are retried on these failures either way; failures that provably created
   * nothing (429, a refused connection, a failed DNS lookup) and 5xx are retried either way.
   */
  retryAmbiguous?: boolean;
  /**
   * Which failures are worth another attempt. Default: {@link isRetryable}. Even when this says yes, an ambiguous
   * failure of a non-idempotent request is not retried unless `retryAmbiguous` is set.
   */
  retryOn?: (err: unknown) => boolean;
  /** Observe each retry (logging, metrics). */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * A non-idempotent request (e.g. creating a message) failed after it had been sent, so it may or may not have been
 * carried out, and it was not repeated to avoid doing it twice. `cause` is the connection error. Check for the
 * result (e.g. list recent messages to that number) before trying again.
 */
export class RequestOutcomeUnknownError extends Error {
  override readonly name = 'RequestOutcomeUnknownError';
  /** Attempts made, the last being the one whose outcome is unknown. */
  readonly attempts: number;

  constructor(attempts: number, cause: unknown) {
    const last = cause instanceof Error ? `: ${cause.message}` : '';
    super(`the request may or may not have been carried out; not retried to avoid a duplicate${last}`, { cause });
    this.attempts = attempts;
  }
}

// Failures before any byte of the request reached the server: nothing can have been created, so even a create may
// be tried again. (ENOTFOUND is left out on purpose: "no such host" is an answer, not a hiccup, and a retry will
// get the same answer.)
const UNSENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT']);

// Failures that can strike after the request was sent, so the server may have acted on it. ECONNABORTED is axios'
// timeout (the SDK's HTTP client); "socket hang up" is Node's ECONNRESET for a connection closed before any answer.
// ETIMEDOUT may also be a connect timeout, but from the error alone it cannot be told apart from a read timeout.
const AMBIGUOUS_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET']);

/** 429, any 5xx, and dropped/refused/timed-out connections. Never any other 4xx. */
export function isRetryable(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined) return status === 429 || status >= 500;
  return someCause(err, (code) => UNSENT_NETWORK_CODES.has(code) || AMBIGUOUS_NETWORK_CODES.has(code));
}

/**
 * True for a failure that may have happened after the server acted on the request (timeout, reset, hang-up, or a
 * 500/502/504 from behind a gateway), so whether it was carried out is unknown. False for 4xx, 503, and failures
 * before sending.
 */
export function isAmbiguousFailure(err: unknown): boolean {
  if (err instanceof RequestOutcomeUnknownError) return true;
  const status = statusOf(err);
  // 500/502/504 can come from behind a gateway after the work was done; 503 (and 429) say it was refused.
  if (status !== undefined) return status === 500 || status === 502 || status === 504;
  return someCause(err, (code, message) => AMBIGUOUS_NETWORK_CODES.has(code) || /socket hang up/i.test(message));
}

// Network errors arrive wrapped (axios around Node's error, fetch's TypeError around undici's): look down the chain.
function someCause(err: unknown, test: (code: string, message: string) => boolean): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : '';
    if (test(typeof code === 'string' ? code : '', message)) return true;
  }
  return false;
}

/** Retry-After is either delay-seconds or an HTTP date. Returns milliseconds to wait, or undefined if unusable. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  const s = String(text).trim();
  if (/^\d+(?:\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Run `fn` until it succeeds, a non-retryable error occurs (rethrown as is), or attempts run out
 * ({@link RetryExhaustedError} with the last error as `cause`). Waits honour a Retry-After carried by the error
 * (`retryAfterMs`, as on TwilioApiError) and otherwise use exponential backoff with full jitter.
 *
 * Unless `idempotent` is true (a read, or a request that is safe to repeat), an ambiguous failure
 * ({@link isAmbiguousFailure}) ends the call with {@link RequestOutcomeUnknownError} instead of a retry, unless
 * `retryAmbiguous` is set.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions & { time?: TimeSource; idempotent?: boolean } = {},
): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 8000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const time = options.time ?? realTime;
  const random = options.random ?? Math.random;
  const retryOn = options.retryOn ?? isRetryable;
  const mayRepeatAmbiguous = options.idempotent === true || options.retryAmbiguous === true;

  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      // This attempt may have gone through: repeating it could do it twice (send a second SMS).
      if (!mayRepeatAmbiguous && isAmbiguousFailure(error)) throw outcomeUnknown(attempt, error);
      if (!retryOn(error)) throw error;
      if (attempt >= maxAttempts) throw new RetryExhaustedError(attempt, error);
      const retryAfter = retryAfterOf(error);
      if (retryAfter !== undefined && retryAfter > maxRetryAfter) {
        throw new RetryExhaustedError(attempt, error, `server asked to wait ${retryAfter} ms (limit ${maxRetryAfter})`);
      }
      const backoff = Math.min(cap, base * 2 ** (attempt - 1));
      const delayMs = retryAfter ?? (options.jitter === false ? backoff : Math.floor(random() * backoff));
      options.onRetry?.({ attempt, delayMs, error });
      await time.sleep(delayMs);
    }
  }
}

/** Wrap an ambiguous failure of a non-idempotent request (once: a wrapped one is passed on as it is). */
export function outcomeUnknown(attempts: number, error: unknown): RequestOutcomeUnknownError {
  return error instanceof RequestOutcomeUnknownError ? error : new RequestOutcomeUnknownError(attempts, error);
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof TwilioApiError) return err.status;
  const status = (err as { status?: unknown } | null)?.status;
  return err instanceof Error && typeof status === 'number' ? status : undefined;
}

function retryAfterOf(err: unknown): number | undefined {
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && ms >= 0 ? ms : undefined;
}
