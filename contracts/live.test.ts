// The same suite against live Twilio. Runs only with CONTRACTS_LIVE=1 and TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN;
// otherwise it is skipped before anything touches the network. It prints the maximum spend first and refuses to
// run past CONTRACTS_MAX_SPEND.
import { describe, expect, it } from 'vitest';
import { loadCaseFiles } from './suite/case-types.js';
import { runSuite } from './suite/run-suite.js';
import { planLiveSpend } from './targets/live-spend.js';
import { createLiveTarget, liveConfig } from './targets/live-target.js';

const cfg = liveConfig();

describe.skipIf(!cfg.ok)('contract suite against live Twilio', () => {
  it('passes within the spend limit', async () => {
    if (!cfg.ok) return;
    const target = createLiveTarget(cfg.config);
    const plan = planLiveSpend(loadCaseFiles(), target, cfg.config);
    console.log(plan.lines.join('\n'));
    expect(plan.ok, 'maximum spend exceeds CONTRACTS_MAX_SPEND').toBe(true);
    const result = await runSuite(target);
    const failed = result.cases.filter((c) => c.outcome === 'failed').map((c) => `${c.id}: ${c.reason}`);
    expect(failed).toEqual([]);
  }, 300_000);
});
