// Runs case files against a Target and collects results as data: per case outcome and diagnostics, per operation
// coverage, drift, and how long validation took. It speaks HTTP only (through the Target), never imports the
// simulator, so the same run works against live Twilio or a cassette.
import { loadExpectations, type Deviation } from '../expectations/load-expectations.js';
import { NotRecorded, type Capability, type OutgoingRequest, type Target } from '../targets/target.js';
import type { Diagnostic } from '../validate/diagnostics.js';
import { sharedValidator, type ContractValidator } from '../validate/validator.js';
import type { Operation } from '../spec/load-spec.js';
import { checkCallback } from './callback-checks.js';
import {
  caseOperations,
  isControlStep,
  isHttpStep,
  isObserveStep,
  isWebhookStep,
  loadCaseFiles,
  type Case,
  type CaseFile,
  type HttpStep,
  type ObserveStep,
  type WebhookStep,
} from './case-types.js';
import { OperationCoverage, specShape, type SpecShape } from './coverage.js';
import { matchBody } from './matchers.js';
import { checkRequestRules } from './request-rules.js';
import { fill, MissingVariable, pointer } from './template.js';

export interface StepResult {
  index: number;
  kind: 'http' | 'control' | 'webhooks' | 'observe';
  title: string;
  operationId?: string;
  request?: { method: string; url: string; form?: Record<string, unknown> };
  status?: number;
  diagnostics: Diagnostic[];
  /** Diagnostics excused by expectations/intentional-deviations.json. */
  intended: Diagnostic[];
  /** Request diagnostics on a case that expects an error (the invalid input is the point of the case). */
  requestNotes: Diagnostic[];
  info: string[];
}

export type CaseOutcome = 'passed' | 'failed' | 'skipped' | 'pending';

export interface CaseResult {
  id: string;
  file: string;
  title: string;
  note?: string;
  outcome: CaseOutcome;
  reason?: string;
  operations: string[];
  steps: StepResult[];
  ms: number;
}

export interface SuiteResult {
  target: { name: string; description: string };
  startedAt: string;
  finishedAt: string;
  cases: CaseResult[];
  /** null = the target serves every operation (live). */
  served: string[] | null;
  coverage: Map<string, OperationCoverage>;
  shapes: Map<string, SpecShape>;
  callbackDrift: Record<string, string[]>;
  signatures: { valid: number; invalid: number; missing: number; unchecked: number };
  validation: { responses: number; totalMicros: number; samples: number[] };
}

export interface RunOptions {
  files?: CaseFile[];
  validator?: ContractValidator;
  /** Only run cases for which this returns true. */
  filter?: (c: Case, file: CaseFile) => boolean;
  /** Check status and schema only (replaying the spec's own examples, whose bodies don't match case data). */
  schemaOnly?: boolean;
  /** Extra allow-list entries (tests); added to expectations/intentional-deviations.json. */
  deviations?: Deviation[];
  onCase?: (r: CaseResult) => void;
}

const STATUS_PARAM: Record<string, string> = {
  messageStatusCallback: 'MessageStatus',
  inboundMessage: 'SmsStatus',
  callStatusCallback: 'CallStatus',
};

/** The parameter naming the message or call a webhook is about. */
const SID_PARAM: Record<string, string> = {
  messageStatusCallback: 'MessageSid',
  inboundMessage: 'MessageSid',
  callStatusCallback: 'CallSid',
};

class CaseAbort extends Error {}

/** Checks string formats the spec leaves as plain `string` (prices, counts) wherever those keys appear. */
function fieldFormatDiagnostics(body: unknown, rules: Array<[string, RegExp]>, path = ''): Diagnostic[] {
  if (Array.isArray(body)) return body.flatMap((v, i) => fieldFormatDiagnostics(v, rules, `${path}/${i}`));
  if (!body || typeof body !== 'object') return [];
  const out: Diagnostic[] = [];
  for (const [k, v] of Object.entries(body)) {
    const rule = rules.find(([name]) => name === k);
    if (rule && typeof v === 'string' && !rule[1].test(v))
      out.push({ kind: 'format', path: `${path}/${k}`, message: `not in Twilio's ${k} format`, expected: rule[1].source, actual: v });
    else if (v && typeof v === 'object') out.push(...fieldFormatDiagnostics(v, rules, `${path}/${k}`));
  }
  return out;
}

function excused(d: Diagnostic, operationId: string | undefined, deviations: Deviation[]): boolean {
  return deviations.some(
    (e) => (e.operationId === '*' || e.operationId === operationId) && e.kind === d.kind && new RegExp(e.path).test(d.path),
  );
}

/** The 2010 API nests everything under /Accounts/{AccountSid}; cases don't repeat it. */
function accountParam(op: Operation): Record<string, string> {
  return op.parameters.some((p) => p.in === 'path' && p.name === 'AccountSid') ? { AccountSid: '{{account.sid}}' } : {};
}

function buildUrl(op: Operation, pathParams: Record<string, string>, query: Record<string, unknown> | undefined): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = pathParams[name];
    if (v === undefined) throw new MissingVariable(`path.${name}`);
    return encodeURIComponent(v);
  });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) for (const item of Array.isArray(v) ? v : [v]) qs.append(k, String(item));
  const search = qs.toString();
  return `${op.server}${path}${search ? `?${search}` : ''}`;
}

/** Path parameters of `op` recovered from a concrete URL (for validating followed links). */
function matchPath(op: Operation, pathname: string): Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp(
    `^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a: string, b: string) => {
      names.push(a ?? b);
      return '([^/]+)';
    })}$`,
  );
  const m = re.exec(pathname);
  if (!m) return null;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
}

function formExample(op: Operation, name: string, validator: ContractValidator): Record<string, string> {
  const spec = validator.specs.find((s) => s.name === op.spec)!;
  const raw = spec.doc.paths[op.path]?.[op.method.toLowerCase()] as
    | { requestBody?: { content?: Record<string, { examples?: Record<string, { value: Record<string, unknown> }> }> } }
    | undefined;
  const value = raw?.requestBody?.content?.['application/x-www-form-urlencoded']?.examples?.[name]?.value;
  if (!value) throw new Error(`${op.operationId} has no request example "${name}"`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export async function runSuite(target: Target, options: RunOptions = {}): Promise<SuiteResult> {
  const validator = options.validator ?? sharedValidator();
  const files = options.files ?? loadCaseFiles();
  const expectations = loadExpectations();
  const deviations = [...expectations.deviations.entries, ...(options.deviations ?? [])];
  const formatRules = (spec: string): Array<[string, RegExp]> =>
    Object.entries(expectations.fieldFormats.fields)
      .filter(([, r]) => r.specs.includes(spec))
      .map(([name, r]) => [name, new RegExp(r.pattern)]);
  const servedSet = await target.servedOperations();
  // Compile every schema the run can touch before the clock starts on validation timing.
  validator.warm(files.flatMap((f) => f.cases.flatMap(caseOperations)));
  const coverage = new Map<string, OperationCoverage>();
  const shapes = new Map<string, SpecShape>();
  const callbackDrift: Record<string, Set<string>> = {};
  const signatures = { valid: 0, invalid: 0, missing: 0, unchecked: 0 };
  const validation = { responses: 0, totalMicros: 0, samples: [] as number[] };
  const results: CaseResult[] = [];
  const startedAt = new Date().toISOString();

  const shapeOf = (op: Operation): SpecShape => {
    let s = shapes.get(op.operationId);
    if (!s) {
      s = specShape(validator.specs.find((x) => x.name === op.spec)!.doc, op);
      shapes.set(op.operationId, s);
    }
    return s;
  };
  const covOf = (id: string): OperationCoverage => {
    let c = coverage.get(id);
    if (!c) {
      c = new OperationCoverage();
      coverage.set(id, c);
    }
    return c;
  };

  const timedValidate = (operationId: string, status: number, body: unknown): Diagnostic[] => {
    const t0 = performance.now();
    const d = validator.validateResponse(operationId, status, body);
    const micros = (performance.now() - t0) * 1000;
    validation.totalMicros += micros;
    validation.responses++;
    validation.samples.push(micros);
    return d;
  };

  async function runHttp(c: Case, step: HttpStep, index: number, vars: Record<string, unknown>): Promise<StepResult> {
    const op = validator.operation(step.operationId);
    const result: StepResult = {
      index,
      kind: 'http',
      title: step.title ?? step.operationId,
      operationId: op.operationId,
      diagnostics: [],
      intended: [],
      requestNotes: [],
      info: [],
    };
    let url: string;
    let pathParams: Record<string, string>;
    let query: Record<string, string | string[]>;
    if (step.url) {
      const link = fill(step.url, vars) as string;
      const absolute = new URL(link, op.server);
      url = absolute.toString();
      pathParams = matchPath(op, absolute.pathname) ?? {};
      if (!matchPath(op, absolute.pathname))
        result.diagnostics.push({ kind: 'body', path: '', message: `link ${link} does not lead to ${op.operationId}`, actual: link });
      query = {};
      for (const [k, v] of absolute.searchParams) query[k] = k in query ? ([] as string[]).concat(query[k]!, v) : v;
    } else {
      pathParams = fill({ ...accountParam(op), ...step.path }, vars);
      query = fill(step.query ?? {}, vars) as Record<string, string | string[]>;
      url = buildUrl(op, pathParams, query);
    }
    const form = fill({ ...(step.formExample ? formExample(op, step.formExample, validator) : {}), ...(step.form ?? {}) }, vars) as Record<
      string,
      string | string[]
    >;
    const hasBody = op.method === 'POST' || op.method === 'PUT';
    result.request = { method: op.method, url, ...(hasBody ? { form } : {}) };

    // 1. The request against the spec's parameters.
    const requestDiagnostics = validator.validateRequest(op.operationId, { path: pathParams, query, form: hasBody ? form : {} });
    const ruleViolations = hasBody ? checkRequestRules(expectations.requestRules, op.operationId, form) : [];
    requestDiagnostics.push(...ruleViolations);
    // When a documented rule is broken, the code the case expects must be the rule's code.
    if (
      step.expect.code !== undefined &&
      ruleViolations.length > 0 &&
      !ruleViolations.some((v) => v.code === undefined || v.code === step.expect.code)
    ) {
      result.diagnostics.push({
        kind: 'request',
        path: ruleViolations[0]!.path,
        message: 'the case expects a different code than request-rules.json gives for this request',
        expected: ruleViolations.map((v) => v.code),
        actual: step.expect.code,
      });
    }
    const expectValid = step.expect.requestValid ?? step.expect.status < 400;
    if (expectValid)
      result.diagnostics.push(...requestDiagnostics.map((d) => ({ ...d, kind: 'request' as const, message: `request: ${d.message}` })));
    else if (requestDiagnostics.length === 0 && step.expect.requestValid === false) {
      result.diagnostics.push({ kind: 'request', path: '', message: 'case says the request is spec-invalid, but it validates' });
    } else result.requestNotes.push(...requestDiagnostics);
    covOf(op.operationId).observeRequest([...Object.keys(pathParams), ...Object.keys(query), ...(hasBody ? Object.keys(form) : [])]);

    // 2. Send.
    const request: OutgoingRequest = {
      method: op.method,
      url,
      form: hasBody ? form : undefined,
      auth: step.auth ?? 'default',
      key: `${c.id}#${index}`,
      operationId: op.operationId,
      expectStatus: step.expect.status,
    };
    const res = await target.send(request);
    result.status = res.status;

    // 3. Status, schema (or error body), error code, expected values.
    if (res.status !== step.expect.status) {
      result.diagnostics.push({
        kind: 'status',
        path: '',
        message: 'unexpected HTTP status',
        expected: step.expect.status,
        actual: res.status,
      });
    }
    if (res.body !== undefined && res.status !== 204 && !(res.headers['content-type'] ?? 'application/json').includes('application/json')) {
      result.diagnostics.push({
        kind: 'body',
        path: '#content-type',
        message: 'JSON API responses are application/json',
        actual: res.headers['content-type'],
      });
    }
    const schemaDiagnostics = timedValidate(op.operationId, res.status, res.body);
    result.diagnostics.push(...schemaDiagnostics);
    if (res.status < 300) result.diagnostics.push(...fieldFormatDiagnostics(res.body, formatRules(op.spec)));
    // Drift is what nobody described: an extra field the allow-list excuses is counted as intended, not drift.
    for (const d of schemaDiagnostics)
      if (d.kind === 'extra-field' && !excused(d, op.operationId, deviations))
        covOf(op.operationId).extraFields.set(d.path.replace(/\/\d+\//g, '/[]/'), d.actual);
    covOf(op.operationId).observeResponse(res.status, res.body, shapeOf(op));
    if (!options.schemaOnly) {
      if (step.expect.code !== undefined) {
        const code = (res.body as { code?: unknown } | undefined)?.code;
        if (code !== step.expect.code)
          result.diagnostics.push({
            kind: 'error-code',
            path: '/code',
            message: 'unexpected Twilio error code',
            expected: step.expect.code,
            actual: code,
          });
      }
      if (res.status >= 400 && res.body && typeof res.body === 'object') {
        const body = res.body as { status?: unknown; code?: unknown; more_info?: unknown };
        if (body.status !== res.status)
          result.diagnostics.push({
            kind: 'body',
            path: '/status',
            message: 'error body status differs from the HTTP status',
            expected: res.status,
            actual: body.status,
          });
        if (typeof body.more_info === 'string' && !body.more_info.endsWith(`/${String(body.code)}`)) {
          result.diagnostics.push({
            kind: 'body',
            path: '/more_info',
            message: 'more_info does not point at the code',
            actual: body.more_info,
          });
        }
      }
      if (step.expect.body) result.diagnostics.push(...matchBody(fill(step.expect.body, vars), res.body));
      for (const field of step.expect.absent ?? []) {
        if (res.body && typeof res.body === 'object' && field in (res.body as object)) {
          result.diagnostics.push({
            kind: 'extra-field',
            path: `/${field}`,
            message: `field "${field}" must not exist`,
            actual: (res.body as Record<string, unknown>)[field],
          });
        }
      }
    }
    for (const [name, ptr] of Object.entries(step.save ?? {})) {
      const v = pointer(res.body, ptr);
      if (v !== undefined && v !== null) vars[name] = v;
    }
    return result;
  }

  async function runWebhooks(c: Case, step: WebhookStep, index: number, vars: Record<string, unknown>): Promise<StepResult> {
    const spec = step.webhooks;
    const path = spec.path === undefined ? undefined : fill(spec.path, vars);
    const sid = spec.sid === undefined ? undefined : fill(spec.sid, vars);
    const where = [path && `at ${path}`, sid && `about ${sid}`].filter(Boolean).join(' ');
    const result: StepResult = {
      index,
      kind: 'webhooks',
      title: `webhooks ${spec.kind} ${where}`,
      diagnostics: [],
      intended: [],
      requestNotes: [],
      info: [],
    };
    if (path === undefined && sid === undefined) throw new Error(`step ${index} of ${c.id}: a webhooks step needs a path or a sid`);
    const statusParam = STATUS_PARAM[spec.kind]!;
    // A webhook of this kind carries its status parameter; the SID says which message or call it is about.
    const about = (params: Record<string, string>) => params[SID_PARAM[spec.kind]!] === sid && params[statusParam] !== undefined;
    const hooks = (target.webhooks?.(`${c.id}#${index}`) ?? []).filter(
      (h) => (path === undefined || h.path === path) && (sid === undefined || about(h.params)),
    );
    const rules = expectations.callbacks[spec.kind];
    const token = target.signingToken?.();
    hooks.forEach((hook, i) => {
      const check = checkCallback(hook, rules, token, `${spec.kind}[${i}]`);
      result.diagnostics.push(...check.diagnostics);
      signatures[check.signature]++;
      callbackDrift[spec.kind] ??= new Set();
      const drift = callbackDrift[spec.kind]!;
      for (const p of check.unknownParams) drift.add(p);
      if (spec.params)
        result.diagnostics.push(
          ...matchBody(fill(spec.params, vars), hook.params, `${spec.kind}[${i}]`).map((d) => ({ ...d, kind: 'callback' as const })),
        );
    });
    const seen = hooks.map((h) => h.params[statusParam] ?? '?');
    result.info.push(`${statusParam}: ${seen.join(' → ') || '(none)'}`);
    let expected = spec.statuses;
    if (spec.outcome) {
      const table =
        spec.kind === 'callStatusCallback' ? expectations.statusSequences.call.outcomes : expectations.statusSequences.message.outcomes;
      expected = table[spec.outcome]?.callbacks;
      if (!expected) throw new Error(`no outcome "${spec.outcome}" in status-sequences.json`);
    }
    if (expected && JSON.stringify(expected) !== JSON.stringify(seen)) {
      result.diagnostics.push({
        kind: 'sequence',
        path: `${spec.kind}${path ?? `/${sid}`}`,
        message: 'callback statuses differ',
        expected,
        actual: seen,
      });
    }
    if (spec.kind === 'messageStatusCallback') {
      const never = expectations.statusSequences.message.callbackStatuses.never;
      for (const s of seen)
        if (never.includes(s))
          result.diagnostics.push({
            kind: 'sequence',
            path: `${spec.kind}${path ?? `/${sid}`}`,
            message: `no callback is sent for "${s}"`,
            actual: s,
          });
    }
    if (spec.count !== undefined && hooks.length !== spec.count) {
      result.diagnostics.push({
        kind: 'callback',
        path: `${spec.kind}${path ?? `/${sid}`}`,
        message: 'unexpected number of webhooks',
        expected: spec.count,
        actual: hooks.length,
      });
    }
    // The target's own log also sees deliveries to URLs the receiver never hears (a default, a number's URL).
    if (spec.count !== undefined && sid !== undefined && target.deliveries) {
      const logged = (await target.deliveries(sid)).filter((d) => about(d.params));
      result.info.push(`delivery log: ${logged.length} ${spec.kind} for ${sid}`);
      if (logged.length !== spec.count)
        result.diagnostics.push({
          kind: 'callback',
          path: `${spec.kind} log ${sid}`,
          message: "unexpected number of deliveries in the target's webhook log",
          expected: spec.count,
          actual: logged.map((d) => `${d.params[statusParam]} → ${d.url}`),
        });
    }
    return result;
  }

  async function runObserve(c: Case, step: ObserveStep, index: number, vars: Record<string, unknown>): Promise<StepResult> {
    const spec = step.observe;
    const op = validator.operation(spec.operationId);
    const result: StepResult = {
      index,
      kind: 'observe',
      title: `observe ${spec.field} of ${spec.operationId}`,
      operationId: op.operationId,
      diagnostics: [],
      intended: [],
      requestNotes: [],
      info: [],
    };
    const table = spec.resource === 'call' ? expectations.statusSequences.call : expectations.statusSequences.message;
    const outcome = table.outcomes[spec.outcome];
    if (!outcome) throw new Error(`no outcome "${spec.outcome}" in status-sequences.json`);
    const finals = new Set(outcome.statuses.slice(-1));
    const url = buildUrl(op, fill({ ...accountParam(op), ...spec.path }, vars), undefined);
    const seen: string[] = [];
    for (let waited = 0; ; waited += spec.stepMs) {
      const res = await target.send({
        method: op.method,
        url,
        auth: 'default',
        key: `${c.id}#${index}@${waited}`,
        operationId: op.operationId,
        expectStatus: 200,
      });
      if (res.status !== 200) {
        result.diagnostics.push({ kind: 'status', path: '', message: 'poll failed', expected: 200, actual: res.status });
        break;
      }
      for (const d of [...timedValidate(op.operationId, res.status, res.body), ...fieldFormatDiagnostics(res.body, formatRules(op.spec))]) {
        result.diagnostics.push({ ...d, path: `@${waited}ms${d.path}` });
      }
      covOf(op.operationId).observeResponse(res.status, res.body, shapeOf(op));
      const value = String(pointer(res.body, `/${spec.field}`));
      if (seen[seen.length - 1] !== value) seen.push(value);
      if (finals.has(value) || waited >= spec.maxMs) break;
      await target.advance!(spec.stepMs);
    }
    result.info.push(`${spec.field}: ${seen.join(' → ')}`);
    // Polling can miss short-lived statuses, so the seen values must be an ordered subsequence of the expected
    // ones that starts with the first and ends with the last.
    let j = 0;
    const ordered = seen.every((s) => {
      while (j < outcome.statuses.length && outcome.statuses[j] !== s) j++;
      return j++ < outcome.statuses.length;
    });
    if (!ordered || seen[0] !== outcome.statuses[0] || seen[seen.length - 1] !== outcome.statuses[outcome.statuses.length - 1]) {
      result.diagnostics.push({
        kind: 'sequence',
        path: `/${spec.field}`,
        message: `status sequence differs from outcome "${spec.outcome}"`,
        expected: outcome.statuses,
        actual: seen,
      });
    }
    return result;
  }

  for (const file of files) {
    for (const c of file.cases) {
      if (options.filter && !options.filter(c, file)) continue;
      const t0 = performance.now();
      const operations = caseOperations(c);
      const base = { id: c.id, file: file.file, title: c.title, note: c.note, operations };
      const missingCaps = (c.requires ?? []).filter((cap: Capability) => !target.capabilities[cap]);
      const unserved = servedSet ? operations.filter((o) => !servedSet.has(o)) : [];
      if (unserved.length > 0) {
        results.push({
          ...base,
          outcome: 'pending',
          reason: `not served by the ${target.name} target yet: ${unserved.join(', ')}`,
          steps: [],
          ms: 0,
        });
        options.onCase?.(results[results.length - 1]!);
        continue;
      }
      if (missingCaps.length > 0) {
        results.push({ ...base, outcome: 'skipped', reason: `target lacks ${missingCaps.join(', ')}`, steps: [], ms: 0 });
        options.onCase?.(results[results.length - 1]!);
        continue;
      }
      const vars: Record<string, unknown> = { ...target.vars, 'case.id': c.id };
      const steps: StepResult[] = [];
      let outcome: CaseOutcome = 'passed';
      let reason: string | undefined;
      try {
        if (target.reset) await target.reset();
        for (const [index, step] of c.steps.entries()) {
          let r: StepResult;
          if (isHttpStep(step)) r = await runHttp(c, step, index, vars);
          else if (isWebhookStep(step)) r = await runWebhooks(c, step, index, vars);
          else if (isObserveStep(step)) r = await runObserve(c, step, index, vars);
          else if (isControlStep(step)) {
            r = { index, kind: 'control', title: `control ${step.control}`, diagnostics: [], intended: [], requestNotes: [], info: [] };
            const s = fill(step, vars);
            if (s.control === 'runUntilIdle') await target.runUntilIdle!();
            else if (s.control === 'advance') await target.advance!(s.ms ?? 0);
            else if (s.control === 'scenario') await target.scenario!(s.to!, s.outcome!, s.errorCode);
            else if (s.control === 'inbound') await target.inbound!(s.from!, s.to!, s.body ?? '');
          } else throw new Error(`step ${index} of ${c.id} has no known shape`);
          // Move excused diagnostics aside.
          r.intended = r.diagnostics.filter((d) => excused(d, r.operationId, deviations));
          r.diagnostics = r.diagnostics.filter((d) => !excused(d, r.operationId, deviations));
          steps.push(r);
          if (r.diagnostics.length > 0) outcome = 'failed';
          // A wrong status means later steps would build on the wrong state; stop the case there.
          if (r.diagnostics.some((d) => d.kind === 'status')) throw new CaseAbort(`stopped after step ${index}: unexpected status`);
        }
      } catch (error) {
        if ((error instanceof MissingVariable || error instanceof NotRecorded) && outcome === 'passed') {
          outcome = 'skipped';
          reason = error.message;
        } else if (error instanceof CaseAbort) {
          reason = error.message;
        } else {
          outcome = 'failed';
          reason = error instanceof Error ? error.message : String(error);
          steps.push({
            index: steps.length,
            kind: 'control',
            title: 'error',
            diagnostics: [{ kind: 'transport', path: '', message: reason }],
            intended: [],
            requestNotes: [],
            info: [],
          });
        }
      }
      if (outcome === 'failed' && !reason) {
        const first = steps.flatMap((s) => s.diagnostics)[0];
        reason = first ? `${first.kind} ${first.path}: ${first.message}` : undefined;
      }
      const r: CaseResult = { ...base, outcome, reason, steps, ms: performance.now() - t0 };
      results.push(r);
      options.onCase?.(r);
    }
  }

  return {
    target: { name: target.name, description: target.description },
    startedAt,
    finishedAt: new Date().toISOString(),
    cases: results,
    served: servedSet ? [...servedSet].sort() : null,
    coverage,
    shapes,
    callbackDrift: Object.fromEntries(Object.entries(callbackDrift).map(([k, v]) => [k, [...v].sort()])),
    signatures,
    validation,
  };
}
