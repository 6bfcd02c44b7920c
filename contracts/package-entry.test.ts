// twilio-sim/contracts as another project calls it (the tarball test covers installing it): what it refuses before
// sending anything, and what a filtered run against a stand-in for Twilio reports (running-simulator.test.ts covers
// a base URL that is a twilio-sim).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../simulator/index.js';
import { ContractSpendRefused, runContracts, validateResponse } from './index.js';

let sim: ListeningSimulator;
let standIn: Server;
let standInUrl: string;

/**
 * A Twilio stand-in that is not recognisably a twilio-sim: the simulator behind a proxy that hides its health route,
 * so runContracts drives it as it would drive live Twilio.
 */
function hideHealth(origin: string): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.url?.startsWith('/__sim/health')) return void res.writeHead(404).end();
      const headers = Object.fromEntries(
        ['authorization', 'content-type'].flatMap((h) => (req.headers[h] ? [[h, String(req.headers[h])]] : [])),
      );
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      try {
        const answer = await fetch(`${origin}${req.url}`, { method: req.method, headers, body });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' }).end(await answer.text());
      } catch {
        res.writeHead(502).end();
      }
    });
  });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', clock: 'virtual' });
  standIn = hideHealth(sim.url);
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  standInUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
});
afterAll(async () => {
  standIn.closeAllConnections();
  await new Promise((resolve) => standIn.close(resolve));
  await sim.stop();
});

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
    const live = { baseUrl: standInUrl, accountSid: sid, authToken, from: numbers[0]!, to: '+61491570110' };
    await expect(runContracts(live)).rejects.toThrow(ContractSpendRefused);
    await expect(runContracts(live)).rejects.toThrow(/maximum spend: USD \d+\.\d\d.*\n.*REFUSING/s);
    expect(await messageCount()).toBe(0);

    // One message at the pessimistic USD 0.10 fits a 0.10 cap once the run is narrowed to that case.
    const report = await runContracts({ ...live, maxSpend: 0.1, filter: (id) => id === 'messages.create' });
    expect(report.target).toEqual({ name: 'stand-in', description: `stand-in at ${standInUrl}, driven as live Twilio (live credentials)` });
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
