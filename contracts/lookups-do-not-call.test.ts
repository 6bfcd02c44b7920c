// The seed assumed Lookups tells you whether a number is on a do-not-call list. It doesn't: this is the named
// check: the real schema has no such field, the validator fails a response that invents one, and the simulator —
// asked for every package — answers without one (also the `lookups.no-do-not-call` case in cases/lookups.json).
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator/index.js';
import { loadSpecs } from './spec/load-spec.js';
import { loadCaseFiles } from './suite/case-types.js';
import { sharedValidator } from './validate/validator.js';

describe('Lookups v2 has no do_not_call', () => {
  it('appears nowhere in the raw Lookups v2 description', () => {
    const lookups = loadSpecs().find((s) => s.name === 'lookups_v2')!;
    const text = JSON.stringify(lookups.doc);
    expect(text).not.toMatch(/do_not_call|doNotCall|DoNotCall/);
    const props = Object.keys((lookups.doc.components.schemas.LookupResponse as { properties: object }).properties);
    expect(props).toEqual(expect.arrayContaining(['line_type_intelligence', 'caller_name', 'valid']));
    expect(props).not.toContain('do_not_call');
  });

  it('fails a Lookups response that carries one', () => {
    const v = sharedValidator();
    const ok = structuredClone(v.operation('FetchPhoneNumber').responses[0]!.examples.fetch) as Record<string, unknown>;
    expect(v.validateResponse('FetchPhoneNumber', 200, ok)).toEqual([]);
    const invented = v.validateResponse('FetchPhoneNumber', 200, { ...ok, do_not_call: false });
    expect(invented).toEqual([expect.objectContaining({ kind: 'extra-field', path: '/do_not_call' })]);
  });

  it('has a named served-side case that asserts the field is absent', () => {
    const c = loadCaseFiles()
      .flatMap((f) => f.cases)
      .find((x) => x.id === 'lookups.no-do-not-call');
    expect(c?.steps[0]).toMatchObject({
      operationId: 'FetchPhoneNumber',
      expect: { status: 200, absent: expect.arrayContaining(['do_not_call']) },
    });
  });

  it('is not invented by the simulator, whatever packages are asked for', async () => {
    const sim = await startSimulator({ port: 0, clock: 'virtual' });
    try {
      const { sid, authToken } = sim.accounts[0]!;
      const fields =
        'validation,line_type_intelligence,caller_name,sim_swap,call_forwarding,line_status,identity_match,reassigned_number,sms_pumping_risk,phone_number_quality_score,pre_fill';
      const res = await fetch(`${sim.url}/v2/PhoneNumbers/%2B61491570156?Fields=${fields}`, {
        headers: { authorization: `Basic ${Buffer.from(`${sid}:${authToken}`).toString('base64')}` },
      });
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(200);
      expect(body.line_type_intelligence).toMatchObject({ type: 'mobile' });
      expect(JSON.stringify(body)).not.toMatch(/do_not_call|doNotCall|dnc/i);
      expect(sharedValidator().validateResponse('FetchPhoneNumber', 200, body)).toEqual([]);
    } finally {
      await sim.stop();
    }
  });
});
