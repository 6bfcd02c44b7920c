// The device model on its own (no app, no HTTP): how waits move the clock, who controls a call to a device, and
// failure messages a person can act on.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type VirtualClock } from '../../simulator/index.js';

const APP = '+61491570156';
const ALICE = '+61491570101';

function setup(options: Parameters<typeof createSimulator>[0] = {}) {
  const sim = createSimulator({ clock: 'virtual', seed: 7, ...options });
  // Looked up each time: a reset replaces the account's state.
  const account = () => sim.kernel.accounts.get(sim.accounts[0]!.sid)!;
  const text = (to: string, body: string) => sim.messages.service.create(account(), { from: APP, to, body });
  const ring = (to: string, twiml: string, timeoutS = 60) => sim.calls.service.create(account(), { from: APP, to, twiml, timeoutS });
  return { sim, text, ring, clock: sim.clock as VirtualClock };
}

let sim: Simulator | undefined;
afterEach(() => sim?.dispose());

describe('texts', () => {
  it('an expectSms that times out lists what did arrive and what never reached the phone', async () => {
    const t = setup();
    sim = t.sim;
    t.sim.control.setScenario(ALICE, 'delivered');
    const alice = t.sim.phone(ALICE);
    t.text(ALICE, 'Your parcel is on its way');
    const start = t.clock.now();

    const failure = await alice.expectSms({ matching: /code \d+/, timeoutMs: 10_000 }).catch((e: Error) => e);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/\+61491570101 expected an SMS matching \/code \\d\+\/ within 10 s, but none came/);
    expect((failure as Error).message).toMatch(/It received:\n.*from \+61491570156: "Your parcel is on its way"/);
    // The wait took its whole span and not a moment more.
    expect(t.clock.now() - start).toBe(10_000);
  });

  it('names a text the carrier could not deliver', async () => {
    const t = setup();
    sim = t.sim;
    t.sim.control.setScenario(ALICE, 'undelivered');
    const alice = t.sim.phone(ALICE);
    t.text(ALICE, 'Your code is 123456');
    const failure = await alice.expectSms({ matching: 'code', timeoutMs: 5_000 }).catch((e: Error) => e.message);
    expect(failure).toMatch(/It received no SMS\.\nNot \(yet\) delivered to it:\n {2}undelivered \(30003\): .*"Your code is 123456"/);
  });

  it('filters by sender, hands back the groups of a pattern, and each text satisfies one expectation', async () => {
    const t = setup();
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    t.text(ALICE, 'Your code is 424242');
    const code = await alice.expectSms({ from: APP, matching: /code is (\d{6})/ });
    expect([code.body, code.groups[1], code.from, code.to]).toEqual(['Your code is 424242', '424242', APP, ALICE]);
    await expect(alice.expectSms({ matching: 'code', timeoutMs: 1_000 })).rejects.toThrow(/already claimed by an earlier expectSms/);
  });

  it('assertNoUnexpected names what the app sent that nobody expected', async () => {
    const t = setup();
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    t.text(ALICE, 'Welcome!');
    t.text(ALICE, 'Promo: 50% off');
    await alice.expectSms({ matching: 'Welcome' });
    await t.clock.runUntilIdle();
    expect(() => alice.assertNoUnexpected()).toThrow(
      /got 1 thing\(s\) no expectation claimed:\n {2}SMS .* from \+61491570156: "Promo: 50% off"/,
    );
    expect(alice.history().map((e) => [e.body, e.expected])).toEqual([
      ['Welcome!', true],
      ['Promo: 50% off', false],
    ]);
  });

  it('a phone kept across a reset forgets what it saw and keeps working', async () => {
    const t = setup();
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    t.text(ALICE, 'before the reset');
    await t.clock.runUntilIdle();
    t.sim.control.reset();
    expect(alice.history()).toEqual([]);
    t.text(ALICE, 'after the reset');
    expect((await alice.expectSms()).body).toBe('after the reset');
    t.ring(ALICE, '<Response/>');
    const call = await alice.expectCall();
    await t.clock.advance(10_000);
    expect(call.status).toBe('ringing');
  });

  it('on the real clock, waits in real time (sped up here) and gives up after the same span', async () => {
    // 100×: the 60 s default wait is 600 ms of real time, room enough for a loaded CI machine.
    const t = setup({ clock: 'real', speed: 100 });
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    t.text(ALICE, 'Hello in real time');
    expect((await alice.expectSms({ matching: 'real time' })).body).toBe('Hello in real time');
    await expect(alice.expectSms({ matching: 'never sent', timeoutMs: 5_000 })).rejects.toThrow(/within 5 s, but none came/);
  });
});

describe('calls', () => {
  it('a call to a phone that expects it rings until the test answers, whatever the script says', async () => {
    const t = setup();
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    t.ring(ALICE, '<Response><Say>Hi</Say></Response>');
    const call = await alice.expectCall({ from: APP });
    // The default script would have answered after 3 s; the device keeps it ringing.
    await t.clock.advance(20_000);
    expect(call.status).toBe('ringing');
    call.answer();
    await call.expectSay('Hi');
    expect(await call.waitForHangup()).toBe('completed');
  });

  it('with no expectation, a call follows the number’s script and counts as unexpected', async () => {
    const t = setup();
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    const placed = t.ring(ALICE, '<Response><Say>Nobody expects this call</Say></Response>');
    await t.clock.runUntilIdle();
    expect(placed.status).toBe('completed');
    expect(placed.answerTime! - placed.dateCreated).toBe(4_000);
    expect(() => alice.assertNoUnexpected()).toThrow(/call .* from \+61491570156 \(completed\)/);
  });

  it('gives the number’s own script back once the held call is over', async () => {
    const t = setup();
    sim = t.sim;
    t.sim.kernel.scenarios.set(t.sim.accounts[0]!.sid, 'call', ALICE, { ...defaultScript(), answer: 'busy' });
    const alice = t.sim.phone(ALICE);
    t.ring(ALICE, '<Response/>');
    const held = await alice.expectCall();
    held.reject();
    expect(await held.waitForHangup()).toBe('no-answer');
    const scripted = t.ring(ALICE, '<Response/>');
    await t.clock.runUntilIdle();
    expect(scripted.status).toBe('busy');
  });

  it('press with no <Gather> listening says what the call was doing', async () => {
    const t = setup();
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    t.ring(ALICE, '<Response><Say>Please hold</Say><Pause length="10"/></Response>');
    const call = await alice.expectCall();
    await expect(call.press('1')).rejects.toThrow(/press\('1'\): the call is not connected \(answer it first\)/);
    call.answer();
    await call.expectSay('Please hold');
    await expect(call.press('1')).rejects.toThrow(
      /press\('1'\): no <Gather> was listening for keys; call CA[0-9a-f]{32} \(\+61491570156 → \+61491570101\) is in-progress; its last steps:[\s\S]*<Say> "Please hold"/,
    );
  });

  it('an expectSay the call never says fails with what it did say, once the call ends', async () => {
    const t = setup();
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    t.ring(ALICE, '<Response><Say>Goodbye</Say></Response>');
    const call = await alice.expectCall();
    call.answer();
    await expect(call.expectSay('your balance')).rejects.toThrow(
      /to say "your balance", but the call ended first; it said:\n {4}Say "Goodbye"/,
    );
  });

  it('an ignored call ends as no-answer after the caller’s Timeout; <Play> URLs are heard too', async () => {
    const t = setup();
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    const first = t.ring(ALICE, '<Response/>', 15);
    const ignored = await alice.expectCall();
    const rang = t.clock.now();
    ignored.ignore();
    expect(await ignored.waitForHangup()).toBe('no-answer');
    expect(t.clock.now() - rang).toBe(15_000);
    expect(first.status).toBe('no-answer');

    t.ring(ALICE, '<Response><Play>https://cdn.example.test/jingle.mp3</Play></Response>');
    const played = await alice.expectCall();
    played.answer();
    expect((await played.expectSay(/jingle\.mp3$/)).kind).toBe('play');
  });
});

describe('more than one phone', () => {
  it('two phones wait side by side; the clock stops at the later of the two arrivals', async () => {
    const t = setup();
    sim = t.sim;
    const [alice, bob] = [t.sim.phone(ALICE), t.sim.phone('+61491570105')];
    t.sim.control.setScenario('+61491570105', 'slow', { delayMs: 20_000 });
    t.text(ALICE, 'for Alice');
    t.text('+61491570105', 'for Bob, slowly');
    const start = t.clock.now();
    const [a, b] = await Promise.all([alice.expectSms({ matching: 'Alice' }), bob.expectSms({ matching: 'Bob' })]);
    expect([a.body, b.body]).toEqual(['for Alice', 'for Bob, slowly']);
    expect(b.at - start).toBeGreaterThan(20_000);
    expect(t.clock.now()).toBe(b.at);
  });

  it('a <Dial> from a call to one phone rings the other; MMS media arrive as URLs', async () => {
    const t = setup();
    sim = t.sim;
    const [alice, bob] = [t.sim.phone(ALICE), t.sim.phone('+61491570105')];
    t.ring(ALICE, '<Response><Say>Connecting you</Say><Dial>+61491570105</Dial></Response>');
    const first = await alice.expectCall();
    first.answer();
    await first.expectSay('Connecting');
    const forwarded = await bob.expectCall({ from: APP });
    forwarded.answer();
    forwarded.hangUp();
    expect(await first.waitForHangup()).toBe('completed');

    const account = t.sim.kernel.accounts.get(t.sim.accounts[0]!.sid)!;
    t.sim.messages.service.create(account, { from: APP, to: ALICE, body: 'A photo', mediaUrls: ['https://cdn.example.test/cat.jpg'] });
    expect((await alice.expectSms({ matching: 'photo' })).media).toEqual(['https://cdn.example.test/cat.jpg']);
  });

  it('speech into a keys-only <Gather> is not heard, and the error says so', async () => {
    const t = setup();
    sim = t.sim;
    const alice = t.sim.phone(ALICE);
    t.ring(ALICE, '<Response><Gather numDigits="1"><Say>Press a key</Say></Gather></Response>');
    const call = await alice.expectCall();
    call.answer();
    await call.expectSay('Press a key');
    await expect(call.say('one')).rejects.toThrow(/say\("one"\): no <Gather> was listening for speech;[\s\S]*<Gather input="dtmf">/);
  });
});

function defaultScript() {
  return { answer: 'answer', ringMs: 3_000, answeredBy: 'human', hangUpAfterMs: null, digits: [], speech: [], callbackOrder: 'ordered' };
}
