// runContracts({ baseUrl }) against a twilio-sim someone else started (CI, Docker, `npx twilio-sim`): the simulator
// target over HTTP runs every case the in-process target runs, resets only the account it was given and only with
// consent, and skips the cases that move time when that simulator runs on the real clock.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../simulator/index.js';
import { runContracts } from './index.js';
import { loadCaseFiles } from './suite/case-types.js';
import { runSuite } from './suite/run-suite.js';
import { createSimulatorTarget } from './targets/simulator-target.js';
import { sharedValidator } from './validate/validator.js';

/** What the default account's fixture holds beyond what HTTP reveals, as a user would copy it from their fixtures. */
const fixture = (
  JSON.parse(readFileSync(new URL('../fixtures/accounts.json', import.meta.url), 'utf8')) as {
    accounts: Array<{ apiKeys: Array<{ sid: string; secret: string }>; messagingServices: Array<{ sid: string }> }>;
  }
).accounts[0]!;

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', clock: 'virtual' });
});
afterAll(() => sim.stop());

async function messageSids(account: { sid: string; authToken: string }): Promise<string[]> {
  const res = await fetch(`${sim.url}/2010-04-01/Accounts/${account.sid}/Messages.json`, {
    headers: { authorization: `Basic ${btoa(`${account.sid}:${account.authToken}`)}` },
  });
  return ((await res.json()) as { messages: Array<{ sid: string }> }).messages.map((m) => m.sid);
}

async function sendFrom(account: { sid: string; authToken: string; numbers: string[] }): Promise<void> {
  const res = await fetch(`${sim.url}/2010-04-01/Accounts/${account.sid}/Messages.json`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${account.sid}:${account.authToken}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ From: account.numbers[0]!, To: '+61491570110', Body: 'kept' }),
  });
  expect(res.status).toBe(201);
}

describe('runContracts against a running twilio-sim', () => {
  it('will not reset the account without allowReset, and sends nothing', async () => {
    const main = sim.accounts[0]!;
    await sendFrom(main);
    await expect(runContracts({ baseUrl: sim.url, accountSid: main.sid, authToken: main.authToken })).rejects.toThrow(
      `${sim.url} is a twilio-sim: the suite resets account ${main.sid} there before every case`,
    );
    expect(await messageSids(main)).toHaveLength(1);
  });

  it('runs every case the in-process target passes, and leaves other accounts alone', async () => {
    const [main, other] = [sim.accounts[0]!, sim.accounts[1]!];
    await sendFrom(other);
    const kept = await messageSids(other);

    const report = await runContracts({
      baseUrl: `${sim.url}/`,
      accountSid: main.sid,
      authToken: main.authToken,
      allowReset: true,
      otherAccount: { sid: other.sid, token: other.authToken },
      apiKey: fixture.apiKeys[0],
      messagingServiceSid: fixture.messagingServices[0]!.sid,
    });
    expect(report.target).toEqual({ name: 'simulator', description: `simulator at ${sim.url} (virtual clock)` });
    expect(report.cases.filter((c) => c.outcome === 'failed').map((c) => c.id)).toEqual([]);

    const inProcess = await createSimulatorTarget();
    const reference = await runSuite(inProcess, { files: loadCaseFiles(), validator: sharedValidator() }).finally(() => inProcess.close());
    const passed = (cases: Array<{ id: string; outcome: string }>) => cases.filter((c) => c.outcome === 'passed').map((c) => c.id);
    expect(passed(report.cases)).toEqual(passed(reference.cases));
    expect(report.summary.passed).toBe(report.summary.cases);

    expect(await messageSids(other)).toEqual(kept);
  }, 30_000);

  it('skips the cases that move time, saying why, when the simulator runs on the real clock', async () => {
    const real = await startSimulator({ port: 0, host: '127.0.0.1', clock: 'real' });
    try {
      const { sid, authToken } = real.accounts[0]!;
      const chosen = new Set(['messages.create', 'messages.delete', 'messages.auth.api-key']);
      const report = await runContracts({
        baseUrl: real.url,
        accountSid: sid,
        authToken,
        allowReset: true,
        filter: (id) => chosen.has(id),
      });
      expect(report.target.description).toBe(`simulator at ${real.url} (real clock: cases that move time are skipped)`);
      const outcomes = report.cases.filter((c) => chosen.has(c.id)).map((c) => [c.id, c.outcome, c.reason]);
      expect(outcomes).toEqual([
        ['messages.create', 'passed', undefined],
        ['messages.auth.api-key', 'skipped', 'target lacks apiKey'],
        ['messages.delete', 'skipped', 'target lacks clock'],
      ]);
    } finally {
      await real.stop();
    }
  });
});
