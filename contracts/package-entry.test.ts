// twilio-sim/contracts as another project calls it (the tarball test covers installing it): what it refuses before
// sending anything, and what a filtered run against a running simulator reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../simulator/index.js';
import { ContractSpendRefused, runContracts, validateResponse } from './index.js';

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', clock: 'virtual' });
});
afterAll(() => sim.stop());

async function messageCount(): Promise<number> {
  const { sid, authToken } = sim.accounts[0]!;
  const res = await fetch(`${sim.url}/2010-04-01/Accounts/${sid}/Messages.json`, {
    headers: { authorization: `Basic ${btoa(`${sid}:${authToken}`)}` },
  });
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

describe('twilio-sim/contracts', () => {
  it('refuses a run that could cost more than maxSpend before sending a request, and counts only the chosen cases', async () => {
    const { sid, authToken, numbers } = sim.accounts[0]!;
    const live = { baseUrl: sim.url, accountSid: sid, authToken, from: numbers[0]!, to: '+61491570110' };
    await expect(runContracts(live)).rejects.toThrow(ContractSpendRefused);
    await expect(runContracts(live)).rejects.toThrow(/maximum spend: USD \d+\.\d\d.*\n.*REFUSING/s);
    expect(await messageCount()).toBe(0);

    // One message at the pessimistic USD 0.10 fits a 0.10 cap once the run is narrowed to that case.
    const report = await runContracts({ ...live, maxSpend: 0.1, filter: (id) => id === 'messages.create' });
    expect(report.cases.filter((c) => c.outcome !== 'skipped').map((c) => [c.id, c.outcome])).toEqual([['messages.create', 'passed']]);
    expect(await messageCount()).toBe(1);
  });

  it('says what is wrong with credentials or a base URL instead of failing every case', async () => {
    const { sid, authToken } = sim.accounts[0]!;
    await expect(runContracts({ accountSid: 'ACnope', authToken })).rejects.toThrow(/accountSid must be AC followed by 32 hex digits/);
    await expect(runContracts({ accountSid: sid, authToken: '' })).rejects.toThrow(/authToken must not be empty/);
    await expect(runContracts({ baseUrl: '127.0.0.1:4010', accountSid: sid, authToken })).rejects.toThrow(
      'baseUrl must be an http(s) URL, not "127.0.0.1:4010"',
    );
  });

  it('validates a response body against the operation it answers', () => {
    const notFound = { code: 20404, message: 'not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 };
    expect(validateResponse('FetchMessage', 404, notFound)).toEqual([]);
    expect(validateResponse('FetchMessage', 404, { ...notFound, more_info: 'x' }).map((d) => d.path)).toEqual(['/more_info']);
    expect(validateResponse('FetchMessage', 200, { sid: 'SM1' }).map((d) => d.kind)).toContain('missing-field');
    expect(() => validateResponse('NoSuchOperation', 200, {})).toThrow(/unknown operationId NoSuchOperation/);
  });
});
