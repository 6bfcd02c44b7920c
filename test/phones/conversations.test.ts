// Issue 13: tests that talk to an app the way a person with a phone would. The example app (production client +
// webhook router) against the simulator on the virtual clock, driven in process through sim.phone().
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_NUMBER, type Running, startExample } from './example-app.js';

const ALICE = '+61491570101';
let run: Running;

beforeAll(async () => {
  run = await startExample();
});
afterAll(() => run.stop());
beforeEach(() => run.reset());

const phone = (number = ALICE) => run.sim.simulator.phone(number);

describe('an OTP flow, in process', () => {
  it('texts a code; the person texts it back and is verified', async () => {
    const alice = phone();
    await run.post('/login', { phone: ALICE });

    const code = await alice.expectSms({ from: APP_NUMBER, matching: /code is (\d{6})/ });
    await code.reply(code.groups[1]!);

    await alice.expectSms({ matching: 'verified' });
    alice.assertNoUnexpected();
  });

  it('says so when the person types the code wrong', async () => {
    const alice = phone();
    await run.post('/login', { phone: ALICE });
    const code = await alice.expectSms({ matching: /code is (\d{6})/ });
    code.reply(code.groups[1] === '000000' ? '111111' : '000000');
    expect((await alice.expectSms({ matching: 'does not match' })).body).toBe('Acme: that code does not match. Try again.');
  });

  it('moves the clock only as far as the text needed', async () => {
    const alice = phone();
    const before = run.sim.clock.now();
    await run.post('/login', { phone: ALICE });
    const code = await alice.expectSms({ matching: 'code' });
    // Sender queue, carrier and handset receipt: under two seconds of simulated time, not the 60 s the wait allowed.
    expect(code.at - before).toBeLessThan(2_000);
    expect(run.sim.clock.now()).toBe(code.at);
  });
});

describe('an IVR flow, in process', () => {
  it('calls; the person answers, hears the menu, presses 1 and is confirmed', async () => {
    const alice = phone();
    await run.post('/remind', { phone: ALICE });

    const call = await alice.expectCall({ from: APP_NUMBER });
    call.answer();
    await call.expectSay('Press 1 to confirm');
    await call.press('1');
    await call.expectSay('Your appointment is confirmed');
    expect(await call.waitForHangup()).toBe('completed');

    const booked = await fetch(`${run.appUrl}/appointments/${encodeURIComponent(ALICE)}`).then((r) => r.json());
    expect(booked).toEqual({ appointment: 'tomorrow at 10 AM' });
    alice.assertNoUnexpected();
  });

  it('presses 2 and says a day; the app moves the appointment', async () => {
    const alice = phone();
    await run.post('/remind', { phone: ALICE });
    const call = await alice.expectCall();
    call.answer();
    await call.expectSay('press 2 to move it');
    await call.press('2');
    await call.expectSay('Which day');
    await call.say('Thursday afternoon');
    await call.expectSay('moved your appointment to Thursday afternoon');
    expect(await call.waitForHangup()).toBe('completed');
  });

  it('the same menu answers when the person calls the app', async () => {
    const alice = phone();
    const call = alice.dial(APP_NUMBER);
    await call.expectSay('Press 1 to confirm');
    await call.press('1');
    await call.expectSay('confirmed');
    expect(await call.waitForHangup()).toBe('completed');
  });

  it('a call the person ignores rings out after its Timeout, and the app texts that it missed them', async () => {
    const alice = phone();
    await run.post('/remind', { phone: ALICE });
    const call = await alice.expectCall();
    const rangAt = run.sim.clock.now();
    call.ignore();
    expect(await call.waitForHangup()).toBe('no-answer');
    // The app asked for a 30 s Timeout.
    expect(run.sim.clock.now() - rangAt).toBe(30_000);
    await alice.expectSms({ matching: 'sorry we missed you' });
  });

  it('a busy phone: the caller sees busy', async () => {
    const alice = phone();
    await run.post('/remind', { phone: ALICE });
    const call = await alice.expectCall();
    call.busy();
    expect(await call.waitForHangup()).toBe('busy');
    await alice.expectSms({ matching: 'missed you' });
  });

  it('the person hangs up in the middle of the menu', async () => {
    const alice = phone();
    await run.post('/remind', { phone: ALICE });
    const call = await alice.expectCall();
    call.answer();
    await call.expectSay('Acme Dental');
    call.hangUp();
    expect(await call.waitForHangup()).toBe('completed');
  });
});
