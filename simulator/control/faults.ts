// Injected failures: "the next N CreateMessage calls answer 429 with Retry-After: 2". Twilio does this to real
// clients under load or during incidents; apps need to test their retry paths against it. Per account, so one
// test's faults never hit another account's traffic.
import { badRequest } from '../kernel/errors.js';
import { twilioError } from '../wire/errors.js';
import type { WireResponse } from '../wire/types.js';

export interface FaultSpec {
  /** Only this operation (spec operationId, e.g. CreateMessage); any operation when absent. */
  operationId?: string;
  status: number;
  code?: number;
  message?: string;
  /** How many matching requests fail before the fault is used up. Default 1. */
  times?: number;
  /** Seconds for a Retry-After header. */
  retryAfter?: number;
}

export interface Fault extends Required<Pick<FaultSpec, 'status' | 'code' | 'message' | 'times'>> {
  id: number;
  operationId: string | null;
  retryAfter: number | null;
  remaining: number;
}

const DEFAULTS: Record<number, { code: number; message: string }> = {
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'An internal server error has occurred' },
  502: { code: 20502, message: 'Bad gateway' },
  503: { code: 20503, message: 'Service unavailable' },
};

export class FaultBook {
  #faults = new Map<string, Fault[]>();
  #ids = 0;

  add(accountSid: string, spec: FaultSpec): Fault {
    if (!Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599) {
      throw badRequest(20001, "'status' must be an HTTP error status (400–599)");
    }
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw badRequest(20001, "'times' must be a positive integer");
    if (spec.retryAfter !== undefined && !(spec.retryAfter >= 0)) throw badRequest(20001, "'retryAfter' must be ≥ 0 seconds");
    const fallback = DEFAULTS[spec.status] ?? { code: 20001, message: 'Injected failure' };
    const fault: Fault = {
      id: ++this.#ids,
      operationId: spec.operationId ?? null,
      status: spec.status,
      code: spec.code ?? fallback.code,
      message: spec.message ?? fallback.message,
      times,
      remaining: times,
      retryAfter: spec.retryAfter ?? null,
    };
    this.#faults.set(accountSid, [...(this.#faults.get(accountSid) ?? []), fault]);
    return fault;
  }

  list(accountSid: string): Fault[] {
    return this.#faults.get(accountSid) ?? [];
  }

  clear(accountSid?: string): void {
    if (accountSid === undefined) this.#faults.clear();
    else this.#faults.delete(accountSid);
  }

  /** The failure response for this request, consuming one use of the first matching fault; null when none. */
  take(accountSid: string, operationId: string): WireResponse | null {
    const faults = this.#faults.get(accountSid);
    const fault = faults?.find((f) => f.operationId === null || f.operationId === operationId);
    if (!faults || !fault) return null;
    if (--fault.remaining === 0) faults.splice(faults.indexOf(fault), 1);
    const response = twilioError(fault.code, fault.status, fault.message);
    if (fault.retryAfter !== null) response.headers['retry-after'] = String(fault.retryAfter);
    return response;
  }
}
