// The contract suite inside `npm test`: every case in contracts/cases/*.json against the simulator (in-process,
// 127.0.0.1, virtual clock), one vitest test per case, plus the coverage goals. Also writes
// reports/contracts.md + .json, like `npm run contracts`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type ContractReport } from './report/build-report.js';
import { renderSummary, writeReport } from './report/write-report.js';
import { loadCaseFiles } from './suite/case-types.js';
import { runSuite, type CaseResult } from './suite/run-suite.js';
import { createSimulatorTarget } from './targets/simulator-target.js';
import type { Target } from './targets/target.js';
import { formatDiagnostic } from './validate/diagnostics.js';
import { sharedValidator } from './validate/validator.js';

const files = loadCaseFiles();
const results = new Map<string, CaseResult>();
let report: ContractReport;
let target: Target | undefined;

beforeAll(async () => {
  target = await createSimulatorTarget();
  const validator = sharedValidator();
  const result = await runSuite(target, { validator, files });
  for (const c of result.cases) results.set(c.id, c);
  report = buildReport(result, validator);
  writeReport(report);
  console.log(renderSummary(report));
}, 120_000);

afterAll(async () => {
  await target?.close();
});

for (const file of files) {
  describe(`contracts: ${file.title}`, () => {
    for (const c of file.cases) {
      it(`${c.id}: ${c.title}`, (ctx) => {
        const r = results.get(c.id);
        expect(r, 'the suite ran this case').toBeDefined();
        if (r!.outcome === 'pending' || r!.outcome === 'skipped') {
          ctx.skip(r!.reason);
          return;
        }
        const problems = r!.steps.flatMap((s) => s.diagnostics.map((d) => `step ${s.index} ${s.title}: ${formatDiagnostic(d)}`));
        expect(problems).toEqual([]);
        expect(r!.outcome).toBe('passed');
      });
    }
  });
}

describe('contracts: goals', () => {
  it('covers every operation the simulator serves with at least one case that ran', () => {
    const served = report.operations.filter((o) => o.served);
    expect(served.length).toBe(report.summary.servedOperations);
    expect(served.filter((o) => o.cases.passed + o.cases.failed === 0).map((o) => o.operationId)).toEqual([]);
  });

  it('finds no drift that is not listed as intended (fields the simulator sends that the spec lacks)', () => {
    expect(report.operations.flatMap((o) => o.drift.extraFields.map((f) => `${o.operationId} ${f.path}`))).toEqual([]);
  });

  it('finds no callback parameters the expectations do not describe, and counts them as drift', () => {
    expect(Object.entries(report.callbacks.unknownParams).flatMap(([kind, params]) => params.map((p) => `${kind} ${p}`))).toEqual([]);
    expect(report.summary.unlistedDrift).toBe(0);
  });

  it('lists exactly the spec operations the simulator does not serve, and names those of our resources', async () => {
    // Worked out here independently of the report: the served set straight from GET /__sim/routes, the operations
    // straight from the spec.
    const served = (await target!.servedOperations())!;
    const spec = [...sharedValidator().operations.values()];
    const specIds = new Set(spec.map((o) => o.operationId));
    expect(served.has('CreateMessage'), 'the simulator serves CreateMessage').toBe(true);
    expect(
      [...served].filter((id) => !specIds.has(id)),
      'served operations unknown to the spec',
    ).toEqual([]);

    const unserved = spec.filter((o) => !served.has(o.operationId));
    expect(report.unserved.all).toEqual(unserved.map((o) => o.operationId).sort());

    // The resources this project simulates: Messages, Calls, IncomingPhoneNumbers (2010-04-01) and Lookups v2.
    const ours = ['Messages', 'Calls', 'IncomingPhoneNumbers']
      .map((resource) => `/2010-04-01/Accounts/{AccountSid}/${resource}`)
      .concat('/v2/PhoneNumbers')
      .flatMap((prefix) => [`${prefix}/`, `${prefix}.`]);
    const inOurs = (path: string) => ours.some((prefix) => path.startsWith(prefix));
    const relatedIds = report.unserved.related.map((line) => line.split(' ')[0]);
    expect(relatedIds).toEqual(
      unserved
        .filter((o) => inOurs(o.path))
        .map((o) => o.operationId)
        .sort(),
    );
    expect(report.unserved.otherCount).toBe(unserved.length - relatedIds.length);

    // Not vacuous: the spec has operations of our resources, and CreateCall is listed exactly when it is not served.
    expect(spec.filter((o) => inOurs(o.path)).length).toBeGreaterThan(served.size);
    expect(specIds.has('CreateCall')).toBe(true);
    expect(relatedIds.includes('CreateCall')).toBe(!served.has('CreateCall'));
  });
});
