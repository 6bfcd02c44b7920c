// The same conversations as conversations.test.ts, driven over HTTP through `twilio-sim/testing`'s VirtualPhones
// (what a test in another process uses), and the control routes' answers to bad input and failed expectations.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index.js';
import { PhoneExpectationError, VirtualPhones } from '../../src/testing.js';
import { controlAt } from '../helpers/control.js';
import { sdkAt } from '../helpers/sdk.js';
import { APP_NUMBER, type Running, startExample } from './example-app.js';

const ALICE = '+61491570102';
let run: Running;
let phones: VirtualPhones;

beforeAll(async () => {
  run = await startExample();
  const account = run.sim.accounts[0]!;
  phones = new VirtualPhones({ url: run.sim.url, accountSid: account.sid, authToken: account.authToken });
});
afterAll(() => run.stop());
beforeEach(() => run.reset());

const raw = (method: string, path: string, body?: unknown) => controlAt(run.sim.url, run.sim.accounts[0]!, method, path, body);

describe('conversations over HTTP', () => {
  it('OTP: the code arrives, the person texts it back and is verified', async () => {
    const alice = phones.phone(ALICE);
    await run.post('/login', { phone: ALICE });
    const code = await alice.expectSms({ from: APP_NUMBER, matching: /code is (\d{6})/ });
    await code.reply(code.groups[1]!);
    await alice.expectSms({ matching: 'verified' });
    await alice.assertNoUnexpected();
    expect((await alice.history()).map((e) => [e.direction, e.body])).toEqual([
      ['in', code.body],
      ['out', code.groups[1]],
      ['in', 'Acme: your number is verified. Welcome!'],
    ]);
  });

  it('IVR: answer, hear the menu, press 2, say a day, hear it back', async () => {
    const alice = phones.phone(ALICE);
    await run.post('/remind', { phone: ALICE });
    const call = await alice.expectCall({ from: APP_NUMBER });
    await call.answer();
    await call.expectSay('Press 1 to confirm');
    await call.press('2');
    await call.expectSay('Which day');
    await call.say('next Monday');
    await call.expectSay(/moved your appointment to (\w+ \w+)/);
    expect(await call.waitForHangup()).toBe('completed');
  });

  it('the person dials the app and presses 1', async () => {
    const alice = phones.phone(ALICE);
    const call = await alice.dial(APP_NUMBER);
    await call.expectSay('Press 1');
    await call.press('1');
    await call.expectSay('confirmed');
    expect(await call.waitForHangup()).toBe('completed');
  });
});

describe('failed expectations and bad input', () => {
  it('an expectSms that times out is a 408 whose message lists what arrived', async () => {
    const alice = phones.phone(ALICE);
    await run.post('/login', { phone: ALICE });
    const failure = await alice.expectSms({ matching: 'verified', timeoutMs: 5_000 }).catch((e) => e);
    expect(failure).toBeInstanceOf(PhoneExpectationError);
    expect([failure.status, failure.code]).toEqual([408, 20408]);
    expect(failure.message).toMatch(/It received:\n.*"Your Acme code is \d{6}\./);
  });

  it('pressing on a call that is not listening is a 409 that says what the call is doing', async () => {
    const alice = phones.phone(ALICE);
    await run.post('/remind', { phone: ALICE });
    const call = await alice.expectCall();
    const failure = await call.press('1').catch((e) => e);
    expect([failure.status, failure.code]).toEqual([409, 20409]);
    expect(failure.message).toMatch(/not connected \(answer it first\); call CA\w+ \(\+61491570156 → \+61491570102\) is ringing/);
    expect(await call.status()).toBe('ringing');
    await call.reject();
    expect(await call.waitForHangup()).toBe('no-answer');
  });

  it('answers bad input with Twilio-shaped 400s and unknown calls with 404, never a 500', async () => {
    const cases: Array<[string, string, unknown, number, RegExp]> = [
      ['POST', '/__sim/phones/12345/expect-sms', {}, 400, /E\.164/],
      ['POST', `/__sim/phones/${ALICE}/expect-sms`, { pattern: '(' }, 400, /not a valid regular expression/],
      ['POST', `/__sim/phones/${ALICE}/expect-sms`, { timeoutMs: 10_000_000 }, 400, /at most 240000 ms/],
      ['POST', `/__sim/phones/${ALICE}/expect-sms`, { timeoutMs: 'soon' }, 400, /must be a number/],
      ['POST', `/__sim/phones/${ALICE}/send-sms`, { body: 'hi' }, 400, /'to' is required/],
      ['POST', `/__sim/phones/${ALICE}/send-sms`, { to: '+61491570199', body: 'hi' }, 404, /not owned/],
      ['POST', `/__sim/phones/${ALICE}/reply`, { messageSid: 'SM0', body: 'hi' }, 409, /no SMS SM0/],
      ['POST', `/__sim/phones/${ALICE}/calls/CA0/press`, { digits: '1' }, 404, /has no call CA0/],
      ['GET', `/__sim/phones/${ALICE}/history`, undefined, 200, /.*/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const response = await raw(method, path, body);
      expect([path, response.status]).toEqual([path, status]);
      if (status !== 200) {
        expect(response.body).toMatchObject({ code: expect.any(Number), status, more_info: expect.stringMatching(/^https:/) });
        expect(response.body.message).toMatch(message);
      }
    }
  });
});

describe('on the real clock', () => {
  it('a long-poll waits in real time for the text, and gives up after its timeout', async () => {
    // Sped up 1000×: the text's ~2 s of network time and a 5 s timeout pass in milliseconds of wall time.
    const sim = await startSimulator({ port: 0, clock: 'real', speed: 1_000 });
    try {
      const account = sim.accounts[0]!;
      const bob = new VirtualPhones({ url: sim.url, accountSid: account.sid, authToken: account.authToken }).phone('+61491570109');
      const waiting = bob.expectSms({ matching: 'real' });
      await sdkAt(sim.url, account.sid, account.authToken).messages.create({ from: APP_NUMBER, to: bob.number, body: 'in real time' });
      expect((await waiting).body).toBe('in real time');
      await expect(bob.expectSms({ matching: 'never', timeoutMs: 5_000 })).rejects.toThrow(/within 5 s, but none came/);
    } finally {
      await sim.stop();
    }
  });
});
