import { describe, expect, it } from 'vitest';
import { sharedValidator } from './validator.js';

function example(operationId: string, name: string): Record<string, unknown> {
  const v = sharedValidator();
  const r = v.operation(operationId).responses.find((x) => name in x.examples)!;
  return structuredClone(r.examples[name]) as Record<string, unknown>;
}

describe('compiled validator', () => {
  it('is one instance per process and compiles each schema once', () => {
    const v = sharedValidator();
    expect(sharedValidator()).toBe(v);
    const body = example('FetchMessage', 'fetch');
    v.validateResponse('FetchMessage', 200, body);
    const compiled = v.compilations;
    for (let i = 0; i < 100; i++) v.validateResponse('FetchMessage', 200, body);
    expect(v.compilations).toBe(compiled);
  });

  it('reports a missing field, a wrong type, an invented field and a bad date as separate diagnostics', () => {
    const v = sharedValidator();
    const body = example('FetchMessage', 'fetch');
    delete body.status;
    body.num_segments = 1;
    body.do_not_call = false;
    body.date_created = '2026-01-01T00:00:00Z';
    const kinds = v.validateResponse('FetchMessage', 200, body).map((d) => `${d.kind} ${d.path}`);
    expect(kinds).toEqual(
      expect.arrayContaining(['missing-field /status', 'wrong-type /num_segments', 'extra-field /do_not_call', 'format /date_created']),
    );
  });

  it('checks undocumented 4xx bodies against the Twilio error shape', () => {
    const v = sharedValidator();
    const ok = { code: 21211, message: "Invalid 'To' Phone Number", more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 };
    expect(v.validateResponse('CreateMessage', 400, ok)).toEqual([]);
    expect(v.validateResponse('CreateMessage', 400, { ...ok, more_info: undefined }).map((d) => d.kind)).toContain('missing-field');
    expect(v.validateResponse('CreateMessage', 400, { error: 'bad' }).length).toBeGreaterThan(0);
  });

  it('flags an undocumented success status', () => {
    const v = sharedValidator();
    expect(v.validateResponse('CreateMessage', 200, example('CreateMessage', 'create')).map((d) => d.kind)).toEqual(['status']);
  });

  it("validates requests against the spec's parameters (required, enum, format)", () => {
    const v = sharedValidator();
    const path = { AccountSid: `AC${'a'.repeat(32)}` };
    expect(v.validateRequest('CreateMessage', { path, form: { To: '+61491570110', From: '+61491570156', Body: 'hi' } })).toEqual([]);
    expect(v.validateRequest('CreateMessage', { path, form: { From: '+61491570156', Body: 'hi' } }).map((d) => d.path)).toContain(
      '/form/To',
    );
    expect(v.validateRequest('CreateMessage', { path, form: { To: '12345', Body: 'hi' } }).map((d) => d.kind)).toContain('format');
    expect(
      v.validateRequest('UpdateMessage', { path: { ...path, Sid: `SM${'a'.repeat(32)}` }, form: { Status: 'sent' } }).map((d) => d.kind),
    ).toContain('enum');
    expect(v.validateRequest('ListMessage', { path, query: { PageSize: '5000' } }).map((d) => d.kind)).toContain('range');
    expect(v.validateRequest('ListMessage', { path, query: { Bogus: '1' } }).map((d) => d.kind)).toContain('extra-field');
  });
});
