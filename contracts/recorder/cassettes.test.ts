import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseOperations, loadCaseFiles } from '../suite/case-types.js';
import { runSuite } from '../suite/run-suite.js';
import { createRecordedTarget, mergeCassettes } from '../targets/recorded-target.js';
import { sharedValidator } from '../validate/validator.js';
import { PLACEHOLDER_ACCOUNT, readCassette, sanitise } from './cassette.js';
import { specExampleCassette } from './spec-examples.js';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'cassettes', 'spec-examples');
const committed = () => ['api_v2010', 'lookups_v2'].map((n) => readCassette(path.join(dir, `${n}.json`)));

describe('spec-example cassettes', () => {
  it('are labelled as spec examples, not recordings', () => {
    for (const c of committed()) {
      expect(c.source).toBe('spec-example');
      expect(c.note).toMatch(/NOT a recording of real Twilio traffic/);
    }
  });

  it('are up to date with the installed spec (regenerate: npm run contracts:record -- --from-spec)', () => {
    const v = sharedValidator();
    const ops = new Set(loadCaseFiles().flatMap((f) => f.cases.flatMap(caseOperations)));
    for (const c of committed()) {
      const spec = v.specs.find((s) => c.label.includes(s.doc.info.title ?? s.name))!;
      expect(JSON.parse(JSON.stringify(specExampleCassette(v, spec, ops)))).toEqual(c);
    }
  });

  it('replay through the suite without a failure (status and schema checks)', async () => {
    const result = await runSuite(createRecordedTarget(mergeCassettes(committed())), { schemaOnly: true });
    const failed = result.cases.filter((c) => c.outcome === 'failed').map((c) => `${c.id}: ${c.reason}`);
    expect(failed).toEqual([]);
    expect(result.cases.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(10);
    expect(result.cases.find((c) => c.id === 'lookups.no-do-not-call')?.outcome).toBe('passed');
  });
});

describe('sanitising a live recording', () => {
  it('replaces the account SID, the token and personal numbers, and drops auth headers', () => {
    const sid = `AC${'1'.repeat(32)}`;
    const raw = {
      url: `https://api.twilio.com/2010-04-01/Accounts/${sid}/Messages.json?To=%2B61412345678`,
      body: { account_sid: sid, to: '+61412345678', note: 'token abc123secret' },
      headers: { authorization: 'Basic xyz', 'x-twilio-signature': 'sig', 'content-type': 'application/json' },
    };
    const clean = sanitise(raw, { accountSid: sid, authToken: 'abc123secret', phoneNumbers: { '+61412345678': '+61491570110' } });
    const text = JSON.stringify(clean);
    expect(text).not.toContain(sid);
    expect(text).not.toContain('abc123secret');
    expect(text).not.toContain('61412345678');
    expect(text).not.toContain('Basic xyz');
    expect(clean.body.account_sid).toBe(PLACEHOLDER_ACCOUNT);
    expect(clean.url).toContain('%2B61491570110');
    expect(clean.headers['x-twilio-signature']).toBe('[signature-not-replayable]');
  });
});
