// The OTP and IVR conversations written in Python (test/python/conversations.py, over the control API with
// twilio-python), against the example app. Needs Debian's python3-twilio, which .ci/run installs.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_NUMBER, type Running, startExample } from './example-app.js';

const SCRIPT = fileURLToPath(new URL('../python/conversations.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const available = spawnSync(PYTHON, ['-c', 'import twilio'], { stdio: 'ignore' }).status === 0;
if (!available && process.env.CI) throw new Error(`${PYTHON} cannot import twilio: .ci/run should have installed python3-twilio`);

let run: Running;
beforeAll(async () => {
  run = await startExample();
});
afterAll(() => run?.stop());

describe.skipIf(!available)('conversations from Python (needs Debian’s python3-twilio)', () => {
  it('runs the OTP and IVR flows over HTTP, each well under a second', async () => {
    const account = run.sim.accounts[0]!;
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, run.sim.url, account.sid, account.authToken, run.appUrl, APP_NUMBER], {
      env: { ...process.env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' },
    });
    const seen = JSON.parse(stdout);
    expect(seen.otp.welcome).toBe('Acme: your number is verified. Welcome!');
    expect(seen.ivr).toMatchObject({ heard: 'Your appointment is confirmed. Goodbye.', status: 'completed', rest_status: 'completed' });
    // A failed expectation reaches Python as an AssertionError that says what the call was doing.
    expect(seen.ivr.late_press).toMatch(/press\('1'\): the call is not connected; call CA\w+ .* is completed/);
    expect(seen.otp.ms).toBeLessThan(1_000);
    expect(seen.ivr.ms).toBeLessThan(1_000);
  });
});
