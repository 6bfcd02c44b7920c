// Client-side pacing and retry. Twilio drains a long code at about one segment per second and queues the rest
// (failing them with 30001 once ValidityPeriod lapses, or refusing new ones with 21611); pacing sends ourselves
// keeps that queue short. Retries cover the transient failures (429, 5xx, dropped connections) only.
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
  /** Minimum time between the starts of two sends from the same number. Default 1000 (1 message/s). */
  minIntervalMs?: number;
}

const PRUNE_ABOVE = 256;

/**
 * One FIFO lane per sender. A job starts once the previous job of the same sender has finished and at least
 * `minIntervalMs` has passed since that job started. Senders never wait for each other.
 */
export class SenderPacer {
  readonly minIntervalMs: number;
  readonly #time: TimeSource;
  readonly #lanes = new Map<string, { tail: Promise<void>; lastStart: number | undefined; queued: number }>();

  constructor(options: PacingOptions & { time?: TimeSource } = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    if (!(this.minIntervalMs >= 0)) throw new RangeError('minIntervalMs must be a non-negative number');
    this.#time = options.time ?? realTime;
  }

  /** Run `job` in `sender`'s lane; resolves or rejects with the job's own outcome. */
  schedule<T>(sender: string, job: () => Promise<T>): Promise<T> {
    let lane = this.#lanes.get(sender);
    if (!lane) {
      if (this.#lanes.size >= PRUNE_ABOVE) this.#prune();
      lane = { tail: Promise.resolve(), lastStart: undefined, queued: 0 };
      this.#lanes.set(sender, lane);
    }
    const l = lane;
    l.queued += 1;
    const run = l.tail.then(async () => {
      if (l.lastStart !== undefined) {
        const wait = l.lastStart + this.minIntervalMs - this.#time.now();
        if (wait > 0) await this.#time.sleep(wait);
      }
      l.lastStart = this.#time.now();
      return job();
    });
    const release = (): void => void (l.queued -= 1);
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

  // Forget idle lanes whose interval has passed, so a long-lived client does not keep every sender it ever used.
  #prune(): void {
    const now = this.#time.now();
    for (const [sender, lane] of this.#lanes) {
      if (lane.queued === 0 && (lane.lastStart ?? 0) + this.minIntervalMs <= now) this.#lanes.delete(sender);
    }
  }
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
  /** Which failures are worth another attempt. Default: {@link isRetryable}. */
  retryOn?: (err: unknown) => boolean;
  /** Observe each retry (logging, metrics). */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

// Connection-level failures where the request may simply be tried again. ECONNABORTED is axios' timeout.
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** 429, any 5xx, and dropped/refused/timed-out connections. Never any other 4xx. */
export function isRetryable(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined) return status === 429 || status >= 500;
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code)) return true;
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
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions & { time?: TimeSource } = {},
): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 8000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const time = options.time ?? realTime;
  const random = options.random ?? Math.random;
  const retryOn = options.retryOn ?? isRetryable;

  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
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

function statusOf(err: unknown): number | undefined {
  if (err instanceof TwilioApiError) return err.status;
  const status = (err as { status?: unknown } | null)?.status;
  return err instanceof Error && typeof status === 'number' ? status : undefined;
}

function retryAfterOf(err: unknown): number | undefined {
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && ms >= 0 ? ms : undefined;
}
