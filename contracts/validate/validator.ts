// One compiled view of Twilio's descriptions per process: load, fix up, register with ajv once, then compile each
// operation's response/request schema on first use and keep it. Validating a response is then a single call of a
// generated function (microseconds; see validator.test.ts for the measurement).
import { Ajv, type ValidateFunction } from 'ajv';
import { addFormats } from '../spec/formats.js';
import { applyFixUps, type FixUpResult } from '../spec/fixups.js';
import { listOperations, loadSpecs, type JsonObject, type LoadedSpec, type Operation, type SpecName } from '../spec/load-spec.js';
import { loadExpectations } from '../expectations/load-expectations.js';
import { fromAjvErrors, type Diagnostic } from './diagnostics.js';

const ID_BASE = 'https://contracts.twilio-sim.local/';

export interface RequestParts {
  path?: Record<string, string>;
  query?: Record<string, string | string[]>;
  form?: Record<string, string | string[]>;
}

function rewriteRefs(value: unknown, spec: SpecName): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, spec));
  if (value && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', `${ID_BASE}${spec}/`) : rewriteRefs(v, spec);
    }
    return out;
  }
  return value;
}

function newAjv(options: { coerce: boolean }): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false, // the spec puts `format` next to types it doesn't apply to; harmless, so don't warn
    strictTuples: false,
    allowUnionTypes: true,
    coerceTypes: options.coerce ? 'array' : false,
  });
  addFormats(ajv);
  return ajv;
}

export class ContractValidator {
  readonly specs: LoadedSpec[];
  readonly fixups: FixUpResult[];
  readonly operations = new Map<string, Operation>();
  /** Operations keyed `METHOD path-template`, for routing a captured request to its operation. */
  readonly byRoute = new Map<string, Operation>();
  readonly #responses: Ajv;
  readonly #requests: Ajv;
  readonly #responseCache = new Map<string, ValidateFunction | null>();
  readonly #requestCache = new Map<string, ValidateFunction>();
  #errorBody: ValidateFunction | undefined;
  /** Number of schema compilations so far, so tests can prove "compile once". */
  compilations = 0;

  constructor(specs: LoadedSpec[] = loadSpecs()) {
    this.specs = specs;
    this.fixups = specs.flatMap((s) => applyFixUps(s));
    this.#responses = newAjv({ coerce: false });
    this.#requests = newAjv({ coerce: true });
    for (const s of specs) {
      for (const [name, schema] of Object.entries(s.doc.components.schemas)) {
        const withId = { ...(rewriteRefs(schema, s.name) as JsonObject), $id: `${ID_BASE}${s.name}/${name}` };
        this.#responses.addSchema(withId);
        this.#requests.addSchema(withId);
      }
      for (const op of listOperations(s.name, s.doc)) {
        this.operations.set(op.operationId, op);
        this.byRoute.set(`${op.method} ${op.path}`, op);
      }
    }
  }

  operation(operationId: string): Operation {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`unknown operationId ${operationId}`);
    return op;
  }

  /** The compiled validator for an operation's response body at `status`; null when the spec has no body there. */
  responseValidator(operationId: string, status: number): ValidateFunction | null {
    const key = `${operationId} ${status}`;
    if (this.#responseCache.has(key)) return this.#responseCache.get(key)!;
    const op = this.operation(operationId);
    const schema = op.responses.find((r) => r.status === status)?.schema;
    let fn: ValidateFunction | null = null;
    if (schema) {
      fn = this.#responses.compile(rewriteRefs(schema, op.spec) as JsonObject);
      this.compilations++;
    }
    this.#responseCache.set(key, fn);
    return fn;
  }

  /**
   * Checks a response body against the spec: for a documented status, the fixed-up response schema; for a 4xx/5xx
   * the spec does not describe, Twilio's error body. An undocumented 2xx is a status diagnostic.
   */
  validateResponse(operationId: string, status: number, body: unknown): Diagnostic[] {
    const op = this.operation(operationId);
    const documented = op.responses.find((r) => r.status === status);
    if (!documented) {
      if (status >= 400) return this.validateErrorBody(body);
      return [
        {
          kind: 'status',
          path: '',
          message: `status ${status} is not documented for ${operationId}`,
          expected: op.responses.map((r) => r.status),
          actual: status,
        },
      ];
    }
    const fn = this.responseValidator(operationId, status);
    if (!fn)
      return body === undefined || body === null || body === ''
        ? []
        : [{ kind: 'body', path: '', message: `${status} has no body in the spec`, actual: body }];
    return fn(body) ? [] : fromAjvErrors(fn.errors, body);
  }

  /** Compiles the validators of these operations now, so timing a run measures validation, not compilation. */
  warm(operationIds: Iterable<string>): void {
    for (const id of operationIds) {
      const op = this.operations.get(id);
      if (!op) continue;
      for (const r of op.responses) this.responseValidator(id, r.status);
      this.requestValidator(id);
    }
    this.validateErrorBody({});
  }

  validateErrorBody(body: unknown): Diagnostic[] {
    if (!this.#errorBody) {
      this.#errorBody = this.#responses.compile(loadExpectations().errors.errorBody.schema);
      this.compilations++;
    }
    const fn = this.#errorBody;
    return fn(body) ? [] : fromAjvErrors(fn.errors, body);
  }

  requestValidator(operationId: string): ValidateFunction {
    const cached = this.#requestCache.get(operationId);
    if (cached) return cached;
    const op = this.operation(operationId);
    const group = (where: 'path' | 'query' | 'form'): JsonObject => {
      const params = op.parameters.filter((p) => p.in === where);
      return {
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, rewriteRefs(p.schema, op.spec)])),
        required: params.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      };
    };
    const fn = this.#requests.compile({
      type: 'object',
      properties: { path: group('path'), query: group('query'), form: group('form') },
    });
    this.compilations++;
    this.#requestCache.set(operationId, fn);
    return fn;
  }

  /** Checks a request against the operation's parameters (required, types after form coercion, enums, formats). */
  validateRequest(operationId: string, parts: RequestParts): Diagnostic[] {
    const fn = this.requestValidator(operationId);
    // Coercion writes into the data; validate a copy so the caller's request stays as sent.
    const data = structuredClone({ path: parts.path ?? {}, query: parts.query ?? {}, form: parts.form ?? {} });
    return fn(data) ? [] : fromAjvErrors(fn.errors, data).map((d) => ({ ...d, kind: d.kind === 'missing-field' ? 'request' : d.kind }));
  }
}

let shared: ContractValidator | undefined;

/** The process-wide validator: the spec is loaded, fixed up and registered once, however many suites run. */
export function sharedValidator(): ContractValidator {
  shared ??= new ContractValidator();
  return shared;
}
