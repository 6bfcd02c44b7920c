// A second official client: twilio-python (Debian's python3-twilio, installed by .ci/run) against the express
// transport. Proves the wire format is Twilio's, not merely what twilio-node happens to accept.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator, type VirtualClock } from '../../simulator/index.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { sdkAt } from '../helpers/sdk.js';

const SCRIPT = fileURLToPath(new URL('../python/sdk_against_simulator.py', import.meta.url));
const VALIDATOR = fileURLToPath(new URL('../python/validate_signature.py', import.meta.url));
// Debian's interpreter, where apt puts python3-twilio (a pyenv python3 earlier on PATH would not see it).
const PYTHON = '/usr/bin/python3';

// .ci/run installs python3-twilio, so CI always runs this; a developer machine without it skips with a reason.
const available = spawnSync(PYTHON, ['-c', 'import twilio'], { stdio: 'ignore' }).status === 0;
if (!available && process.env.CI) throw new Error(`${PYTHON} cannot import twilio: .ci/run should have installed python3-twilio`);

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
});
afterAll(() => sim.stop());
beforeEach(() => sim.control.reset());

describe.skipIf(!available)('twilio-python against the simulator (needs Debian’s python3-twilio)', () => {
  it('twilio-python’s RequestValidator accepts the simulator’s webhook signatures (and rejects a tampered one)', async () => {
    const account = sim.accounts[0]!;
    const receiver = await new WebhookReceiver(account.authToken).start();
    try {
      const sdk = sdkAt(sim.url, account.sid, account.authToken);
      await sdk.messages.create({
        from: '+61491570156',
        to: '+61491570130',
        body: 'Ünïcode & symbols = fine?',
        statusCallback: `${receiver.url}/cb?x=1&y=a%20b`,
      });
      await (sim.clock as VirtualClock).runUntilIdle();
      const [hook] = receiver.on('/cb');
      const check = async (params: Record<string, string>) => {
        const child = execFile(PYTHON, [VALIDATOR]);
        child.stdin!.end(
          JSON.stringify({ token: account.authToken, url: hook!.url, params, signature: hook!.headers['x-twilio-signature'] }),
        );
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
        await new Promise((resolve) => child.once('exit', resolve));
        return JSON.parse(out) as boolean;
      };
      expect(await check(hook!.params)).toBe(true);
      expect(await check({ ...hook!.params, MessageStatus: 'delivered-ish' })).toBe(false);
    } finally {
      await receiver.stop();
    }
  });

  it('creates, fetches, pages through with stream() and gets Twilio errors', async () => {
    const account = sim.accounts[0]!;
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, sim.url, account.sid, account.authToken], {
      env: { ...process.env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' },
    });
    const seen = JSON.parse(stdout);
    expect(seen.created).toHaveLength(3);
    for (const m of seen.created)
      expect(m).toMatchObject({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued', num_segments: '1' });
    expect(seen.fetched).toMatchObject({ sid: seen.created[0].sid, body: 'from python 0' });
    expect(seen.fetched.date_created).toMatch(/^2026-01-01T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(seen.listed).toEqual(seen.created.map((m: { sid: string }) => m.sid).reverse());
    expect(seen.error).toEqual({ status: 400, code: 21211 });
  });
});
