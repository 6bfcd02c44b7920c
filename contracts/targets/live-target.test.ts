import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCaseFiles } from '../suite/case-types.js';
import { planLiveSpend } from './live-spend.js';
import { createLiveTarget, liveConfig, type LiveConfig } from './live-target.js';

const SID = `AC${'1'.repeat(32)}`;
const base: LiveConfig = {
  accountSid: SID,
  authToken: 'x',
  testCredentials: false,
  maxSpend: 0,
  pricePerMessage: 0.1,
  pricePerLookup: 0.02,
};

describe('live target', () => {
  // Nothing in this file may reach the network: any fetch fails the test.
  const fetchSpy = vi.fn(() => Promise.reject(new Error('network use in a live-target unit test')));
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchSpy);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('is off unless CONTRACTS_LIVE=1 and credentials are set', () => {
    expect(liveConfig({})).toEqual({ ok: false, reason: 'CONTRACTS_LIVE is not 1' });
    expect(liveConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'x' })).toMatchObject({ ok: false });
    expect(liveConfig({ CONTRACTS_LIVE: '1' })).toEqual({ ok: false, reason: 'TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are not set' });
    expect(liveConfig({ CONTRACTS_LIVE: '1', TWILIO_ACCOUNT_SID: 'nope', TWILIO_AUTH_TOKEN: 'x' })).toMatchObject({ ok: false });
    const on = liveConfig({ CONTRACTS_LIVE: '1', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'x', CONTRACTS_MAX_SPEND: '2.5' });
    expect(on).toMatchObject({ ok: true, config: { maxSpend: 2.5, testCredentials: false } });
  });

  it('defaults the spend limit to zero, so a paid run must be allowed explicitly', () => {
    const cfg = liveConfig({ CONTRACTS_LIVE: '1', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'x' });
    expect(cfg.ok && cfg.config.maxSpend).toBe(0);
  });

  it('prints the maximum spend and refuses past CONTRACTS_MAX_SPEND', () => {
    const files = loadCaseFiles();
    const target = createLiveTarget({ ...base, from: '+61400000000', to: '+61400000001' });
    const refused = planLiveSpend(files, target, base);
    expect(refused.maxSpend).toBeGreaterThan(0);
    expect(refused.ok).toBe(false);
    expect(refused.lines.join('\n')).toMatch(/maximum spend: USD \d+\.\d\d/);
    const allowed = planLiveSpend(files, target, { ...base, maxSpend: refused.maxSpend });
    expect(allowed.ok).toBe(true);
  });

  it('costs nothing with test credentials, and then runs the magic-number cases', () => {
    const target = createLiveTarget({ ...base, testCredentials: true });
    expect(target.capabilities).toMatchObject({ spends: false, magicNumbers: true, webhooks: false, clock: false });
    expect(planLiveSpend(loadCaseFiles(), target, base)).toMatchObject({ maxSpend: 0, ok: true });
  });

  it("only ever calls Twilio's API hosts", async () => {
    const target = createLiveTarget(base);
    await expect(
      target.send({
        method: 'GET',
        url: 'http://127.0.0.1:4010/2010-04-01/Accounts.json',
        auth: 'default',
        key: 'k',
        operationId: 'ListAccount',
      }),
    ).rejects.toThrow(/only calls Twilio/);
  });
});
