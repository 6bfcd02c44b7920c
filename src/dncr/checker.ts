// checkDncr: may this number receive a telemarketing call? Washes through a DncrPort, reuses a wash while the Act
// lets us rely on it (validUntil), and batches many numbers into as few wash calls as the port allows. It fails
// closed: when the register cannot answer, the caller gets a DncrError, never "callable".
import { randomUUID } from 'node:crypto';
import { InvalidPhoneNumberError } from '../errors.js';
import { countryOf, toE164, type CountryCode } from '../numbers.js';
import { realTime, type TimeSource } from '../pacing.js';
import { DncrError, DncrUnavailableError } from './errors.js';
import type { DncrPort, DncrWashResult } from './port.js';

export interface DncrCheckerOptions {
  port: DncrPort;
  /** Decides whether a cached wash is still valid. Use the same source as the port's. Real time by default. */
  time?: TimeSource;
  /**
   * Numbers per wash call. Default: the port's maximum (500 for the register), so a list takes as few calls as the
   * limits allow; set 200 to follow the operator's recommendation at the cost of more calls.
   */
  batchSize?: number;
  /** Client reference for each wash call (the register keys results by it). Default: a random UUID. */
  newReference?: () => string;
  /** Country for national-format input. Default AU. */
  defaultCountry?: CountryCode;
  /** Most washes kept; expired ones are dropped first. Default 100000. */
  cacheLimit?: number;
}

/** Why a number may or may not be called. */
export type DncrReason = 'registered' | 'notRegistered' | 'invalid' | 'notAustralian';

export interface DncrVerdict {
  /** The number as given. */
  input: string;
  /** E.164, or null when the input is not a phone number at all. */
  number: string | null;
  /** True when the number must NOT be called: registered, or invalid (no one can be called there). */
  doNotCall: boolean;
  reason: DncrReason;
  /** The wash relied on (absent for non-AU and unparseable numbers, which are never washed). */
  washedAt?: Date;
  validUntil?: Date;
}

export class DncrChecker {
  readonly batchSize: number;
  readonly #port: DncrPort;
  readonly #time: TimeSource;
  readonly #newReference: () => string;
  readonly #country: CountryCode;
  readonly #cacheLimit: number;
  readonly #cache = new Map<string, DncrWashResult>();
  readonly #inFlight = new Map<string, Promise<DncrWashResult>>();

  constructor(options: DncrCheckerOptions) {
    this.#port = options.port;
    this.batchSize = options.batchSize ?? options.port.maxBatch;
    if (!(Number.isInteger(this.batchSize) && this.batchSize >= 1 && this.batchSize <= options.port.maxBatch)) {
      throw new RangeError(`batchSize must be 1–${options.port.maxBatch}`);
    }
    this.#time = options.time ?? realTime;
    this.#newReference = options.newReference ?? randomUUID;
    this.#country = options.defaultCountry ?? 'AU';
    this.#cacheLimit = options.cacheLimit ?? 100_000;
  }

  /** True when `phone` must not be called. Throws a DncrError when the register cannot say (fails closed). */
  async check(phone: string): Promise<boolean> {
    const [verdict] = await this.checkMany([phone]);
    return verdict!.doNotCall;
  }

  /**
   * One verdict per input, in order. Australian numbers without a valid cached wash are washed, deduplicated, in
   * batches of batchSize; non-AU numbers are not on the register (callable); unparseable ones are not callable.
   * Any failed wash fails the whole call with a DncrError.
   */
  async checkMany(phones: readonly string[]): Promise<DncrVerdict[]> {
    const parsed = phones.map((input) => ({ input, ...this.#classify(input) }));
    const toWash = [...new Set(parsed.filter((p) => p.kind === 'au').map((p) => p.number!))];
    const washes = await this.#washAll(toWash);
    return parsed.map(({ input, number, kind }): DncrVerdict => {
      if (kind === 'unparseable') return { input, number: null, doNotCall: true, reason: 'invalid' };
      if (kind === 'foreign') return { input, number, doNotCall: false, reason: 'notAustralian' };
      const wash = washes.get(number!)!;
      return {
        input,
        number,
        doNotCall: wash.status !== 'notRegistered',
        reason: wash.status,
        washedAt: wash.washedAt,
        validUntil: wash.validUntil,
      };
    });
  }

  /** Wash credits left at the register, when the port can tell. */
  async balance(): Promise<number> {
    if (!this.#port.balance) throw new TypeError('this DNCR port cannot report a balance');
    return this.#port.balance();
  }

  #classify(input: string): { number: string | null; kind: 'au' | 'foreign' | 'unparseable' } {
    let number: string;
    try {
      number = toE164(input, this.#country);
    } catch (err) {
      if (err instanceof InvalidPhoneNumberError) return { number: null, kind: 'unparseable' };
      throw err;
    }
    return { number, kind: countryOf(number) === 'AU' ? 'au' : 'foreign' };
  }

  async #washAll(numbers: string[]): Promise<Map<string, DncrWashResult>> {
    const now = this.#time.now();
    const out = new Map<string, DncrWashResult>();
    const waiting: Array<Promise<void>> = [];
    const fresh: string[] = [];
    for (const n of numbers) {
      const cached = this.#cache.get(n);
      if (cached && now < cached.validUntil.getTime()) out.set(n, cached);
      else if (this.#inFlight.has(n)) waiting.push(this.#inFlight.get(n)!.then((w) => void out.set(n, w)));
      else fresh.push(n);
    }
    // One batch at a time: kinder to the operator, and a failure stops the rest before they spend credits.
    let previous: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < fresh.length; i += this.batchSize) {
      const batch = fresh.slice(i, i + this.batchSize);
      const washed = previous.then(() => this.#washBatch(batch));
      previous = washed;
      batch.forEach((n, j) => {
        const one = washed.then((results) => results[j]!);
        one.catch(() => {}); // the batch's own promise reports the failure
        this.#inFlight.set(n, one);
        waiting.push(one.then((w) => void out.set(n, w)));
      });
      washed
        .finally(() => {
          for (const n of batch) this.#inFlight.delete(n);
        })
        .catch(() => {});
    }
    await Promise.all(waiting);
    return out;
  }

  async #washBatch(batch: string[]): Promise<DncrWashResult[]> {
    let results: DncrWashResult[];
    try {
      results = await this.#port.wash(batch, { clientReference: this.#newReference() });
    } catch (err) {
      if (err instanceof DncrError || err instanceof RangeError) throw err;
      throw new DncrUnavailableError('unavailable', `DNCR wash failed: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    if (results.length !== batch.length || results.some((r, i) => r.number !== batch[i])) {
      throw new DncrError('malformed', 'the DNCR port answered for other numbers than it was asked');
    }
    for (const r of results) this.#remember(r);
    return results;
  }

  #remember(result: DncrWashResult): void {
    this.#cache.delete(result.number);
    this.#cache.set(result.number, result);
    if (this.#cache.size <= this.#cacheLimit) return;
    const now = this.#time.now();
    for (const [n, r] of this.#cache) if (r.validUntil.getTime() <= now) this.#cache.delete(n);
    // Still full of valid washes: forget the oldest (they were inserted first).
    for (const n of this.#cache.keys()) {
      if (this.#cache.size <= this.#cacheLimit) break;
      this.#cache.delete(n);
    }
  }
}
