// Two report numbers a reader acts on: "fields covered" (only fields seen with a value count: a field only ever
// null had its type unchecked) and "unlisted drift" (extra fields the allow-list excuses are intended, not drift).
import { describe, expect, it } from 'vitest';
import type { Deviation } from '../expectations/load-expectations.js';
import type { Cassette } from '../recorder/cassette.js';
import { REPLAY_CAPABILITIES, SPEC_EXAMPLE_VARS } from '../recorder/spec-examples.js';
import { OperationCoverage, specShape, summarize } from '../suite/coverage.js';
import { runSuite } from '../suite/run-suite.js';
import { createRecordedTarget } from '../targets/recorded-target.js';
import { sharedValidator } from '../validate/validator.js';
import { buildReport } from './build-report.js';

/** The CreateMessage spec example, answered to the `messages.create` case, with `edit` applied to its body. */
function createMessageCassette(edit: (body: Record<string, unknown>) => void): Cassette {
  const op = sharedValidator().operation('CreateMessage');
  const r = op.responses.find((x) => 'create' in x.examples)!;
  const body = structuredClone(r.examples.create) as Record<string, unknown>;
  edit(body);
  return {
    format: 'twilio-sim-cassette/1',
    label: 'CreateMessage:create',
    source: 'mutated',
    note: 'test fixture built from a spec example',
    spec: 'test',
    recordedAt: 'n/a',
    capabilities: REPLAY_CAPABILITIES,
    vars: SPEC_EXAMPLE_VARS,
    served: ['CreateMessage'],
    interactions: [
      {
        key: 'messages.create#0',
        operationId: 'CreateMessage',
        request: { method: 'POST', url: '' },
        response: { status: r.status, contentType: 'application/json', body },
      },
    ],
  };
}

async function reportFor(cassette: Cassette, deviations: Deviation[]) {
  const validator = sharedValidator();
  const result = await runSuite(createRecordedTarget(cassette), {
    validator,
    schemaOnly: true,
    filter: (c) => c.id === 'messages.create',
    deviations,
  });
  return buildReport(result, validator);
}

describe('unlisted drift', () => {
  it('counts an extra field nobody described, and not one the allow-list excuses', async () => {
    const cassette = createMessageCassette((b) => {
      b.do_not_call = false;
    });
    const unlisted = await reportFor(cassette, []);
    expect(unlisted.summary.unlistedDrift).toBe(1);
    expect(unlisted.operations.find((o) => o.operationId === 'CreateMessage')!.drift.extraFields.map((f) => f.path)).toEqual([
      '/do_not_call',
    ]);

    const allowed = await reportFor(cassette, [
      { operationId: 'CreateMessage', path: '^/do_not_call$', kind: 'extra-field', reason: 'test', source: 'test' },
    ]);
    expect(allowed.summary.unlistedDrift).toBe(0);
    const op = allowed.operations.find((o) => o.operationId === 'CreateMessage')!;
    expect(op.drift.extraFields).toEqual([]);
    expect(op.drift.intended).toBe(1);
    expect(allowed.summary.passed).toBe(1);
  });
});

describe('fields covered', () => {
  const validator = sharedValidator();
  const op = validator.operation('CreateMessage');
  const shape = specShape(validator.specs.find((s) => s.name === op.spec)!.doc, op);
  const example = op.responses.find((x) => 'create' in x.examples)!.examples.create as Record<string, unknown>;

  it('does not count a field only ever seen null, and lists it as never filled', () => {
    const cov = new OperationCoverage();
    cov.observeResponse(201, { ...example, error_code: null }, shape);
    const summary = summarize(shape, cov);
    expect(summary.responseFields.missing).toContain('error_code');
    expect(summary.responseFields.covered).toBe(summary.responseFields.total - summary.responseFields.missing.length);

    cov.observeResponse(201, { ...example, error_code: 30003 }, shape);
    expect(summarize(shape, cov).responseFields.missing).not.toContain('error_code');
    expect(summarize(shape, cov).responseFields.covered).toBe(summary.responseFields.covered + 1);
  });
});
