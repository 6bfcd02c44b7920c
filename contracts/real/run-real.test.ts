// The replay on a stand-in target and a temporary recordings directory (no simulator, no shared directory): what
// request a recording becomes, how substitutions apply, and that nothing is dropped silently.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutgoingRequest, Target } from '../targets/target.js';
import type { RecordingsPlan } from './plan.js';
import { runRealRecordings } from './run-real.js';

function recordingFile(dir: string, file: string, form: Record<string, string>, status: number, body: unknown): void {
  const recording = {
    source: { repo: 'someone/app', path: 'cassette.yml', commit: 'abc', recorded_at: 'Mon, 21 Apr 2014 17:58:15 GMT' },
    request: { method: 'POST', host: 'api.twilio.com', path: '/2010-04-01/Accounts/{AccountSid}/Messages.json', query: {}, form },
    response: { status, headers: { 'content-type': 'application/json' }, body },
  };
  writeFileSync(path.join(dir, file), JSON.stringify(recording));
}

function stubTarget(answer: (r: OutgoingRequest) => { status: number; body: unknown }): Target & { sent: OutgoingRequest[] } {
  const sent: OutgoingRequest[] = [];
  return {
    name: 'simulator',
    description: 'stub',
    capabilities: {
      clock: true,
      scenarios: false,
      inbound: false,
      webhooks: false,
      magicNumbers: true,
      spends: false,
      secondAccount: false,
      apiKey: false,
      sandbox: true,
    },
    vars: { 'account.sid': `AC${'1'.repeat(32)}`, 'from.sms': '+61491570156' },
    sent,
    async send(r) {
      sent.push(r);
      const a = answer(r);
      return { status: a.status, headers: { 'content-type': 'application/json' }, body: a.body, ms: 0 };
    },
    async servedOperations() {
      return null;
    },
    async reset() {},
    async close() {},
  };
}

const plan = (recordings: RecordingsPlan['recordings']): RecordingsPlan => ({
  categories: {
    'trial-account': '',
    'test-credentials': '',
    'out-of-scope': '',
    sanitised: '',
    'not-an-answer': '',
  },
  recordings,
  headers: { transport: {}, conditional: {}, values: {} },
});

describe('replaying recordings', () => {
  it('says the directory is absent and runs nothing', async () => {
    const run = await runRealRecordings('/nonexistent/real-recordings', {
      plan: plan({}),
      target: stubTarget(() => ({ status: 500, body: {} })),
    });
    expect(run).toMatchObject({ found: false, results: [] });
  });

  it("sends the recorded request on the target's account with the plan's substitutions, and compares the answer", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'real-'));
    recordingFile(dir, 'a.json', { To: '111111', From: '<TWILIO NUMBER>', Extra: 'x' }, 400, {
      code: 21211,
      message: 'm',
      more_info: 'u',
      status: 400,
    });
    recordingFile(dir, 'b.json', { To: '+15005550006' }, 201, { sid: 'SM1' });
    recordingFile(dir, 'c.json', {}, 201, { sid: 'SM1' });
    const target = stubTarget((r) =>
      r.form?.To === '111111'
        ? { status: 400, body: { code: 21211, message: 'm', more_info: 'u', status: 400 } }
        : { status: 201, body: { sid: 7 } },
    );
    const run = await runRealRecordings(dir, {
      target,
      plan: plan({
        'a.json': { group: 'e', operationId: 'CreateMessage', form: { From: '{{from.sms}}', Extra: null }, auth: 'wrong' },
        'b.json': { group: 'm', operationId: 'CreateMessage' },
        'gone.json': { group: 'm', skip: 'sanitised', reason: 'no such file', source: 'test' },
      }),
    });
    expect(target.sent[0]).toMatchObject({
      method: 'POST',
      url: `https://api.twilio.com/2010-04-01/Accounts/AC${'1'.repeat(32)}/Messages.json`,
      form: { To: '111111', From: '+61491570156' },
      auth: 'wrong',
    });
    expect(target.sent[0]!.form).not.toHaveProperty('Extra');
    const outcome = Object.fromEntries(run.results.map((r) => [r.file, r.outcome]));
    expect(outcome).toEqual({ 'a.json': 'matches', 'b.json': 'differs', 'c.json': 'unclassified' });
    expect(run.results.find((r) => r.file === 'b.json')!.differences.map((d) => `${d.kind} ${d.path}`)).toEqual(['body-type sid']);
    expect(run.unmatchedPlans).toEqual(['gone.json']);
  });
});
