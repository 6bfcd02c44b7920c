// A second official client places calls: twilio-python (Debian's python3-twilio, installed by .ci/run) creates
// calls with inline TwiML as a string and as its VoiceResponse object, and hits a magic test number.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator, type VirtualClock } from '../../simulator/index.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { sdkAt } from '../helpers/sdk.js';

const SCRIPT = fileURLToPath(new URL('../python/calls_against_simulator.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const available = spawnSync(PYTHON, ['-c', 'import twilio'], { stdio: 'ignore' }).status === 0;
if (!available && process.env.CI) throw new Error(`${PYTHON} cannot import twilio: .ci/run should have installed python3-twilio`);

let sim: ListeningSimulator;
let hooks: WebhookReceiver;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  hooks = await new WebhookReceiver(sim.accounts[0]!.authToken).start();
});
afterAll(async () => {
  await hooks.stop();
  await sim.stop();
});

describe.skipIf(!available)('twilio-python places calls on the simulator (needs Debian’s python3-twilio)', () => {
  it('creates calls with a TwiML string and a VoiceResponse object; both run; magic To 0004 is 21216', async () => {
    const account = sim.accounts[0]!;
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, sim.url, account.sid, account.authToken, `${hooks.url}/status`]);
    const seen = JSON.parse(stdout);
    expect(seen.string).toMatchObject({ status: 'queued', direction: 'outbound-api' });
    // Different From numbers, but the account's 1 call per second still spaces them.
    expect(seen.object).toMatchObject({ status: 'queued', queue_time: '1000' });
    expect(seen.error).toEqual({ status: 400, code: 21216 });

    await (sim.clock as VirtualClock).runUntilIdle();
    const sdk = sdkAt(sim.url, account.sid, account.authToken);
    for (const [sid, text] of <Array<[string, string]>>[
      [seen.string.sid, 'From a string'],
      [seen.object.sid, 'From an object'],
    ]) {
      expect((await sdk.calls(sid).fetch()).status).toBe('completed');
      const res = await fetch(`${sim.url}/__sim/calls/${sid}/timeline`, {
        headers: { authorization: `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}` },
      });
      const { timeline } = (await res.json()) as { timeline: Array<{ kind: string }> };
      const verbs = timeline.filter((e) => e.kind === 'verb');
      expect(verbs[0]).toMatchObject({ name: 'Say', detail: { text } });
    }
    // The repeated StatusCallbackEvent keys from python arrive as four subscriptions.
    const statuses = hooks.on('/status').map((r) => r.params.CallStatus);
    expect(statuses).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(hooks.on('/status').every((r) => r.signatureValid)).toBe(true);
  });
});
