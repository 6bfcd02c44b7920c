import { describe, expect, it } from 'vitest';
import { isHttpStep, loadCaseFiles } from '../suite/case-types.js';
import { expectationFiles, loadExpectations } from './load-expectations.js';

const SOURCE = /^https:\/\/(www\.)?twilio\.com\//;

/** Every object that has a `source` key, with where it sits. */
function sources(value: unknown, at = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => sources(v, `${at}/${i}`));
  if (value && typeof value === 'object') {
    const here: Array<[string, unknown]> = 'source' in value ? [[at, (value as { source: unknown }).source]] : [];
    return [...here, ...Object.entries(value).flatMap(([k, v]) => (k === 'source' ? [] : sources(v, `${at}/${k}`)))];
  }
  return [];
}

describe('expectations data', () => {
  it('cites a Twilio page for every entry', () => {
    for (const [file, data] of Object.entries(expectationFiles())) {
      for (const [at, source] of sources(data)) expect(source, `${file}${at}`).toMatch(SOURCE);
    }
  });

  it('gives every callback parameter and error code a source', () => {
    const e = loadExpectations();
    for (const [kind, spec] of Object.entries(e.callbacks))
      if (!kind.startsWith('_')) for (const [name, rule] of Object.entries(spec.params)) expect(rule.source, name).toMatch(SOURCE);
    for (const [code, entry] of Object.entries(e.errors.codes))
      expect(entry.source, code).toBe(`https://www.twilio.com/docs/errors/${code}`);
  });

  it('has a case for every SMS magic number, expecting its documented code', () => {
    const e = loadExpectations();
    const steps = loadCaseFiles().flatMap((f) => f.cases.flatMap((c) => c.steps.filter(isHttpStep)));
    const sms = e.magicNumbers.sms as { from: Array<{ number: string; code?: number }>; to: Array<{ number: string; code?: number }> };
    for (const [param, list] of [
      ['From', sms.from],
      ['To', sms.to],
    ] as const) {
      for (const m of list.filter((x) => x.code)) {
        const hit = steps.find((s) => s.operationId === 'CreateMessage' && s.form?.[param] === m.number && s.expect.code === m.code);
        expect(hit, `${param} ${m.number} → ${m.code}`).toBeDefined();
      }
    }
  });

  it('uses only error codes it knows, with the HTTP status it documents', () => {
    const codes = loadExpectations().errors.codes;
    for (const f of loadCaseFiles()) {
      for (const c of f.cases) {
        for (const s of c.steps.filter(isHttpStep)) {
          if (s.expect.code === undefined) continue;
          expect(codes[String(s.expect.code)], `${c.id}: ${s.expect.code}`).toBeDefined();
          expect(s.expect.status, `${c.id}: ${s.expect.code}`).toBe(codes[String(s.expect.code)]!.status);
        }
      }
    }
  });

  it('keeps outcome sequences consistent with the callback rules', () => {
    const m = loadExpectations().statusSequences.message;
    for (const [name, o] of Object.entries(m.outcomes)) {
      expect(o.statuses[0], name).toBe(m.initialStatus.value);
      expect(m.finalStatuses.values, name).toContain(o.statuses[o.statuses.length - 1]);
      for (const cb of o.callbacks) {
        expect(m.callbackStatuses.values, `${name}: ${cb}`).toContain(cb);
        expect(o.statuses, `${name}: ${cb}`).toContain(cb);
      }
    }
  });

  it('lists allow-list deviations only with a reason and a source', () => {
    for (const d of loadExpectations().deviations.entries) {
      expect(d.reason.length).toBeGreaterThan(10);
      expect(d.source).toMatch(SOURCE);
    }
  });
});
