import { describe, expect, it } from 'vitest';
import { sharedValidator } from '../validate/validator.js';
import { caseOperations, isHttpStep, isObserveStep, isWebhookStep, loadCaseFiles } from './case-types.js';

/** Variables every target defines (possibly empty, which skips the case there), plus what cases save. */
const TARGET_VARS = [
  'account.sid',
  'account.otherSid',
  'from.sms',
  'from.sms2',
  'from.magic',
  'from.voiceOnly',
  'to.mobile',
  'to.mobile2',
  'to.mobile3',
  'owned.sms',
  'owned.other',
  'webhook.base',
  'case.id',
  'messagingService.sid',
  'time.in5m',
  'time.in1h',
  'time.in40d',
];

describe('case files', () => {
  const files = loadCaseFiles();
  const cases = files.flatMap((f) => f.cases);
  const v = sharedValidator();

  it('have unique ids', () => {
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('name operations that exist in the spec, with request examples that exist', () => {
    for (const c of cases) {
      for (const id of caseOperations(c)) expect(v.operations.has(id), `${c.id}: ${id}`).toBe(true);
      for (const s of c.steps.filter(isHttpStep)) {
        if (!s.formExample) continue;
        const op = v.operation(s.operationId);
        const raw = v.specs.find((x) => x.name === op.spec)!.doc.paths[op.path]![op.method.toLowerCase()] as {
          requestBody: { content: Record<string, { examples: object }> };
        };
        expect(Object.keys(raw.requestBody.content['application/x-www-form-urlencoded']!.examples), c.id).toContain(s.formExample);
      }
    }
  });

  it('refer only to variables a target defines or an earlier step saves', () => {
    for (const c of cases) {
      const known = new Set(TARGET_VARS);
      for (const s of c.steps) {
        const used = [...JSON.stringify(isHttpStep(s) ? { ...s, save: undefined } : s).matchAll(/\{\{([\w.-]+)\}\}/g)].map((m) => m[1]!);
        for (const name of used) expect(known.has(name), `${c.id}: {{${name}}}`).toBe(true);
        if (isHttpStep(s)) for (const name of Object.keys(s.save ?? {})) known.add(name);
      }
    }
  });

  it('cover every operation the simulator serves today, and the planned ones', () => {
    const covered = new Set(cases.flatMap(caseOperations));
    for (const id of [
      'CreateMessage',
      'ListMessage',
      'FetchMessage',
      'UpdateMessage',
      'DeleteMessage',
      'ListMedia',
      'FetchMedia',
      'DeleteMedia',
      'ListIncomingPhoneNumber',
      'FetchIncomingPhoneNumber',
      'UpdateIncomingPhoneNumber',
      'FetchPhoneNumber',
      'CreateCall',
      'FetchCall',
    ]) {
      expect(covered.has(id), id).toBe(true);
    }
  });

  it('declare a live cost for everything they would buy on live Twilio (the spend cap depends on it)', () => {
    for (const c of cases) {
      const ok = (id: string) => c.steps.filter(isHttpStep).filter((s) => s.operationId === id && s.expect.status < 300).length;
      expect(c.liveCost?.messages ?? 0, `${c.id} messages`).toBeGreaterThanOrEqual(ok('CreateMessage'));
      expect(c.liveCost?.lookups ?? 0, `${c.id} lookups`).toBeGreaterThanOrEqual(ok('FetchPhoneNumber'));
      expect(c.liveCost?.calls ?? 0, `${c.id} calls`).toBeGreaterThanOrEqual(ok('CreateCall'));
    }
  });

  it('declare the capabilities their control, webhook and observe steps need', () => {
    for (const c of cases) {
      const needs = new Set<string>();
      for (const s of c.steps) {
        if ('control' in s) needs.add(s.control === 'scenario' ? 'scenarios' : s.control === 'inbound' ? 'inbound' : 'clock');
        if (isWebhookStep(s)) needs.add('webhooks');
        if (isObserveStep(s)) needs.add('clock');
      }
      for (const n of needs) expect(c.requires ?? [], `${c.id} needs ${n}`).toContain(n);
    }
  });
});
