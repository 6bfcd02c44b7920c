// The live target's whole path — config from the environment, spend plan, case selection by capability, auth
// modes, request building — run against the simulator standing in for api.twilio.com. What a real live run adds is
// only Twilio's answers; everything on our side of the wire has been exercised here first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../simulator/index.js';
import { loadCaseFiles } from './suite/case-types.js';
import { runSuite } from './suite/run-suite.js';
import { planLiveSpend } from './targets/live-spend.js';
import { createLiveTarget, liveConfig } from './targets/live-target.js';

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
});
afterAll(() => sim.stop());

function configFor(extra: Record<string, string>) {
  const account = sim.accounts[0]!;
  const result = liveConfig({ CONTRACTS_LIVE: '1', TWILIO_ACCOUNT_SID: account.sid, TWILIO_AUTH_TOKEN: account.authToken, ...extra });
  if (!result.ok) throw new Error(result.reason);
  return result.config;
}

describe('live target rehearsed against the simulator', () => {
  it('with test credentials: only free magic-number cases run, and they all pass', async () => {
    const config = configFor({ CONTRACTS_LIVE_TEST_CREDENTIALS: '1' });
    const target = createLiveTarget(config, { baseUrl: sim.url });
    const plan = planLiveSpend(loadCaseFiles(), target, config);
    expect(plan.ok).toBe(true);
    const result = await runSuite(target);
    const ran = result.cases.filter((c) => c.outcome === 'passed' || c.outcome === 'failed');
    expect(ran.length).toBeGreaterThan(0);
    // Test credentials can only create: every case that ran used nothing but POSTs to the create endpoints.
    expect(result.cases.filter((c) => c.id === 'messages.fetch').map((c) => c.outcome)).toEqual(['skipped']);
    expect(result.cases.filter((c) => c.outcome === 'failed').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
  });

  it('with live credentials: the spend plan refuses past the limit, and within it every runnable case passes', async () => {
    const account = sim.accounts[0]!;
    const base = { CONTRACTS_LIVE_FROM: account.numbers[0]!, CONTRACTS_LIVE_TO: '+61491570101' };
    const capped = configFor({ ...base, CONTRACTS_MAX_SPEND: '0' });
    const refused = planLiveSpend(loadCaseFiles(), createLiveTarget(capped, { baseUrl: sim.url }), capped);
    expect(refused.ok).toBe(false);

    const config = configFor({ ...base, CONTRACTS_MAX_SPEND: '100' });
    const target = createLiveTarget(config, { baseUrl: sim.url });
    expect(planLiveSpend(loadCaseFiles(), target, config).ok).toBe(true);
    const result = await runSuite(target);
    expect(result.cases.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(0);
    // Live, nothing rewrites the account's real numbers or lists everything it holds into a recording.
    for (const id of ['numbers.update', 'numbers.list', 'messages.list.filter-from-date']) {
      expect(result.cases.find((c) => c.id === id)?.outcome, id).toBe('skipped');
    }
    expect(result.cases.filter((c) => c.outcome === 'failed').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
  });
});
