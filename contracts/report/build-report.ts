// Turns a SuiteResult into the report data (reports/contracts.json) — per operation: cases, schema coverage and
// drift; plus the operations the target does not serve, so the gap stays visible.
import type { FixUpResult } from '../spec/fixups.js';
import type { CaseResult, SuiteResult } from '../suite/run-suite.js';
import { neverFilled, summarize, type CoverageSummary } from '../suite/coverage.js';
import type { ContractValidator } from '../validate/validator.js';
import { formatDiagnostic } from '../validate/diagnostics.js';

export interface OperationReport {
  operationId: string;
  spec: string;
  method: string;
  path: string;
  served: boolean;
  cases: { passed: number; failed: number; skipped: number; pending: number; ids: string[] };
  coverage: CoverageSummary;
  drift: {
    /** Fields the target sent that the spec does not have (JSON pointers with [] for array items). */
    extraFields: Array<{ path: string; example: unknown }>;
    /** Spec fields every observed response left null. */
    neverFilled: string[];
    /** Diagnostics excused by the allow-list. */
    intended: number;
  };
}

export interface ContractReport {
  generatedAt: string;
  target: { name: string; description: string };
  spec: { package: string; version: string; files: Record<string, string> };
  summary: {
    cases: number;
    passed: number;
    failed: number;
    skipped: number;
    pending: number;
    servedOperations: number;
    servedOperationsCovered: number;
    unlistedDrift: number;
  };
  validation: { responses: number; avgMicros: number; medianMicros: number; p95Micros: number; compilations: number };
  fixups: FixUpResult[];
  operations: OperationReport[];
  unserved: { related: string[]; otherCount: number; all: string[] };
  callbacks: { unknownParams: Record<string, string[]>; signatures: SuiteResult['signatures'] };
  failures: Array<{ id: string; reason?: string; diagnostics: string[] }>;
  cases: Array<Pick<CaseResult, 'id' | 'file' | 'title' | 'outcome' | 'reason' | 'operations'> & { info: string[] }>;
}

function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Resources this project simulates; their unserved operations are listed by name, the rest only counted. */
const RELATED = /^\/2010-04-01\/Accounts\/\{AccountSid\}\/(Messages|Calls|IncomingPhoneNumbers)[/.]|^\/v2\/PhoneNumbers\//;

export function buildReport(result: SuiteResult, validator: ContractValidator): ContractReport {
  const casesByOp = new Map<string, CaseResult[]>();
  for (const c of result.cases) for (const op of c.operations) casesByOp.set(op, [...(casesByOp.get(op) ?? []), c]);
  const served = result.served ? new Set(result.served) : null;
  const interesting = new Set<string>([...casesByOp.keys(), ...(result.served ?? [])]);

  const operations: OperationReport[] = [];
  for (const id of [...interesting].sort()) {
    const op = validator.operations.get(id);
    if (!op) continue;
    const cs = casesByOp.get(id) ?? [];
    // Per operation, judge a case by its steps on this operation: a case failing elsewhere doesn't fail this one.
    const outcomeFor = (c: CaseResult): string => {
      if (c.outcome === 'pending' || c.outcome === 'skipped') return c.outcome;
      const steps = c.steps.filter((st) => st.operationId === id);
      if (steps.length === 0) return 'skipped';
      return steps.some((st) => st.diagnostics.length > 0) ? 'failed' : 'passed';
    };
    const count = (o: string) => cs.filter((c) => outcomeFor(c) === o).length;
    const shape = result.shapes.get(id);
    const cov = result.coverage.get(id);
    const intended = cs.flatMap((c) => c.steps.filter((s) => s.operationId === id).flatMap((s) => s.intended)).length;
    operations.push({
      operationId: id,
      spec: op.spec,
      method: op.method,
      path: op.path,
      served: served ? served.has(id) : true,
      cases: {
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: count('pending'),
        ids: cs.map((c) => c.id),
      },
      coverage: shape
        ? summarize(shape, cov)
        : {
            responseFields: { total: 0, covered: 0, missing: [] },
            enumValues: { total: 0, covered: 0, byField: {} },
            parameters: { total: op.parameters.length, covered: 0, missing: op.parameters.map((p) => p.name) },
            statuses: { documented: op.responses.map((r) => r.status), seen: [] },
          },
      drift: {
        extraFields: [...(cov?.extraFields ?? new Map()).entries()].map(([path, example]) => ({ path, example })),
        neverFilled: shape ? neverFilled(shape, cov) : [],
        intended,
      },
    });
  }

  const allOps = [...validator.operations.values()];
  const unservedAll = served
    ? allOps
        .filter((o) => !served.has(o.operationId))
        .map((o) => o.operationId)
        .sort()
    : [];
  const related = allOps
    .filter((o) => served && !served.has(o.operationId) && RELATED.test(o.path))
    .map((o) => `${o.operationId} (${o.method} ${o.path})`)
    .sort();
  const servedOps = operations.filter((o) => o.served && (served ? served.has(o.operationId) : true));
  const count = (o: string) => result.cases.filter((c) => c.outcome === o).length;
  const spec = validator.specs[0]!;

  return {
    generatedAt: result.finishedAt,
    target: result.target,
    spec: {
      package: '@twilio/cli-core',
      version: spec.packageVersion,
      files: Object.fromEntries(validator.specs.map((s) => [s.name, s.file.replace(/^.*node_modules\//, 'node_modules/')])),
    },
    summary: {
      cases: result.cases.length,
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
      pending: count('pending'),
      servedOperations: served ? served.size : servedOps.length,
      servedOperationsCovered: servedOps.filter((o) => o.cases.passed + o.cases.failed > 0).length,
      // Response fields the spec lacks plus callback parameters the expectations lack: either is something the
      // target sends that nobody described (on live Twilio, a new parameter; on the simulator, an invention).
      unlistedDrift:
        operations.reduce((n, o) => n + o.drift.extraFields.length, 0) +
        Object.values(result.callbackDrift).reduce((n, params) => n + params.length, 0),
    },
    validation: {
      responses: result.validation.responses,
      avgMicros: result.validation.responses ? result.validation.totalMicros / result.validation.responses : 0,
      medianMicros: quantile(result.validation.samples, 0.5),
      p95Micros: quantile(result.validation.samples, 0.95),
      compilations: validator.compilations,
    },
    fixups: validator.fixups,
    operations,
    unserved: { related, otherCount: unservedAll.length - related.length, all: unservedAll },
    callbacks: { unknownParams: result.callbackDrift, signatures: result.signatures },
    failures: result.cases
      .filter((c) => c.outcome === 'failed')
      .map((c) => ({
        id: c.id,
        reason: c.reason,
        diagnostics: c.steps.flatMap((s) => s.diagnostics.map((d) => `step ${s.index} (${s.title}): ${formatDiagnostic(d)}`)),
      })),
    cases: result.cases.map((c) => ({
      id: c.id,
      file: c.file,
      title: c.title,
      outcome: c.outcome,
      reason: c.reason,
      operations: c.operations,
      info: c.steps.flatMap((s) => s.info),
    })),
  };
}
