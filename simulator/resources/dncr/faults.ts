// Failures of the washing service a test can ask for: down (the gateway answers 503), slow (the answer waits on the
// simulator's clock), or a given return code — for one operation or all, the next N calls. Per account.
import { badRequest } from '../../kernel/errors.js';
import { OPERATION_NAMES, type Operation } from './protocol.js';

export type FaultKind = 'down' | 'slow' | 'returnCode';

export interface FaultSpec {
  kind: FaultKind;
  operation?: Operation;
  returnCode?: number;
  delayMs?: number;
  times?: number;
}

export type WashFault =
  | { id: number; kind: 'down'; operation: Operation | null; remaining: number }
  | { id: number; kind: 'slow'; operation: Operation | null; remaining: number; delayMs: number }
  | { id: number; kind: 'returnCode'; operation: Operation | null; remaining: number; returnCode: number };

const MAX_TIMES = 1_000_000;
const MAX_DELAY_MS = 24 * 60 * 60 * 1000;

export class WashFaults {
  #faults: WashFault[] = [];
  #ids = 0;

  add(spec: FaultSpec): WashFault {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1 || times > MAX_TIMES)
      throw badRequest(20001, `'times' must be an integer from 1 to ${MAX_TIMES}`);
    if (spec.operation !== undefined && !OPERATION_NAMES.includes(spec.operation)) {
      throw badRequest(20001, `'operation' must be one of ${OPERATION_NAMES.join(', ')}`);
    }
    const base = { id: ++this.#ids, operation: spec.operation ?? null, remaining: times };
    let fault: WashFault;
    if (spec.kind === 'down') fault = { ...base, kind: 'down' };
    else if (spec.kind === 'slow') {
      const delayMs = spec.delayMs ?? 0;
      if (!Number.isInteger(delayMs) || delayMs < 1 || delayMs > MAX_DELAY_MS)
        throw badRequest(20001, `'delayMs' must be 1 to ${MAX_DELAY_MS} ms`);
      fault = { ...base, kind: 'slow', delayMs };
    } else if (spec.kind === 'returnCode') {
      const code = spec.returnCode;
      if (code === undefined || !Number.isInteger(code) || code < 1 || code > 99)
        throw badRequest(20001, "'returnCode' must be an integer from 1 to 99");
      fault = { ...base, kind: 'returnCode', returnCode: code };
    } else throw badRequest(20001, "'kind' must be down, slow or returnCode");
    this.#faults.push(fault);
    return fault;
  }

  list(): WashFault[] {
    return [...this.#faults];
  }

  clear(): void {
    this.#faults = [];
  }

  /** The first fault for this operation, one use of it consumed; undefined when none. */
  take(operation: Operation): WashFault | undefined {
    const fault = this.#faults.find((f) => f.operation === null || f.operation === operation);
    if (fault && --fault.remaining === 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    return fault;
  }
}
