import { describe, expect, it } from 'vitest';
import { caseOperations, loadCaseFiles } from '../suite/case-types.js';
import { ContractValidator, sharedValidator } from '../validate/validator.js';
import { EMPTY_SID_FIELDS, FIXUPS, NULLABLE_REF_FIELDS } from './fixups.js';
import { loadSpecs } from './load-spec.js';

/** Validates one spec example with a validator; a compile error counts as a failure. */
function exampleFails(v: ContractValidator, ref: string): boolean {
  const [operationId, name] = ref.split(':') as [string, string];
  const op = v.operation(operationId);
  const response = op.responses.find((r) => name in r.examples)!;
  expect(response, `${ref} exists in the spec`).toBeDefined();
  try {
    return v.validateResponse(operationId, response.status, response.examples[name]).length > 0;
  } catch {
    return true;
  }
}

function withoutFix<T>(id: string, run: () => T): T {
  const index = FIXUPS.findIndex((f) => f.id === id);
  const [fix] = FIXUPS.splice(index, 1);
  try {
    return run();
  } finally {
    FIXUPS.splice(index, 0, fix!);
  }
}

describe('fix-up pass', () => {
  it('gives every fix a one-line reason', () => {
    for (const fix of FIXUPS) {
      expect(fix.reason.length, fix.id).toBeGreaterThan(20);
      expect(fix.reason, fix.id).not.toContain('\n');
    }
  });

  it("makes every spec example of every operation the suite uses validate (Twilio's own examples are the floor)", () => {
    const v = sharedValidator();
    const ops = new Set(loadCaseFiles().flatMap((f) => f.cases.flatMap(caseOperations)));
    const failures: string[] = [];
    for (const id of ops) {
      for (const r of v.operation(id).responses) {
        for (const [name, body] of Object.entries(r.examples)) {
          const d = v.validateResponse(id, r.status, body);
          if (d.length) failures.push(`${id}:${name} ${JSON.stringify(d[0])}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  // Each quirk fix names a spec example that breaks without it; when a spec upgrade makes a fix unnecessary this
  // fails, and the fix (or its evidence) should go.
  for (const fix of FIXUPS.filter((f) => f.evidence)) {
    it(`is still needed: ${fix.id} (evidence ${fix.evidence})`, () => {
      const withFix = new ContractValidator(loadSpecs());
      expect(exampleFails(withFix, fix.evidence!)).toBe(false);
      const without = withoutFix(fix.id, () => {
        try {
          return new ContractValidator(loadSpecs());
        } catch {
          return null; // failing to even register the spec also proves the fix is needed
        }
      });
      if (without) expect(exampleFails(without, fix.evidence!)).toBe(true);
    });
  }

  it("is still needed: date-filters-accept-dates (the spec's own page links filter with YYYY-MM-DD)", () => {
    const link = sharedValidator().operation('ListMessage').responses[0]!.examples.readFullPage1 as { first_page_uri: string };
    const query = Object.fromEntries(new URL(link.first_page_uri, 'https://api.twilio.com').searchParams);
    expect(query['DateSent>']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const path = { AccountSid: `AC${'a'.repeat(32)}` };
    expect(sharedValidator().validateRequest('ListMessage', { path, query })).toEqual([]);
    const without = withoutFix('date-filters-accept-dates', () => new ContractValidator(loadSpecs()));
    expect(without.validateRequest('ListMessage', { path, query }).map((d) => d.kind)).toContain('format');
  });

  // The two field-list fixes reach only fields a spec example shows null or "": each field is proved needed on its
  // own, by taking just that field out of the list and watching its example fail.
  for (const [list, fields] of [
    ['nullable-refs', NULLABLE_REF_FIELDS],
    ['unset-sids-are-empty-strings', EMPTY_SID_FIELDS],
  ] as const) {
    it(`${list}: every listed field is needed by its own example`, () => {
      expect(exampleFails(sharedValidator(), Object.values(fields)[0]!)).toBe(false);
      const unneeded: string[] = [];
      for (const [field, evidence] of Object.entries(fields)) {
        const mutable = fields as Record<string, string>;
        delete mutable[field];
        try {
          if (!exampleFails(new ContractValidator(loadSpecs()), evidence)) unneeded.push(`${field} (${evidence})`);
        } finally {
          mutable[field] = evidence;
        }
      }
      expect(unneeded).toEqual([]);
    }, 60_000);
  }

  it('still fails a null where no example shows one: a Message with status or direction null, an empty messaging_service_sid', () => {
    const v = sharedValidator();
    const example = v.operation('CreateMessage').responses.find((r) => 'create' in r.examples)!;
    const base = example.examples.create as Record<string, unknown>;
    expect(v.validateResponse('CreateMessage', example.status, base)).toEqual([]);
    const kinds = (body: Record<string, unknown>) =>
      v.validateResponse('CreateMessage', example.status, body).map((d) => `${d.kind} ${d.path}`);
    expect(kinds({ ...base, status: null })).toContain('wrong-type /status');
    expect(kinds({ ...base, direction: null })).toContain('wrong-type /direction');
    expect(kinds({ ...base, messaging_service_sid: '' }).some((k) => k.endsWith('/messaging_service_sid'))).toBe(true);
  });

  it('reports how many places each fix touched', () => {
    const v = sharedValidator();
    const byId = Object.fromEntries(v.fixups.filter((f) => f.spec === 'api_v2010').map((f) => [f.id, f.sites]));
    expect(byId['every-field-present']).toBeGreaterThan(100);
    expect(byId['no-invented-fields']).toBe(byId['every-field-present']);
  });
});
