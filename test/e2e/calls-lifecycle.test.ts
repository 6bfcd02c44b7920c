// Every way an outbound call ends, seen through the official SDK and the status callbacks Twilio would send:
// which events, in which numbering, with which fields (checked against the documented parameter list).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callsContext, FROM, PERSON, say, TRANSPORTS } from './calls-suite.js';

const ALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];
const TERMINAL = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

// Twilio's documented status callback parameters (contracts/expectations/callbacks.json cites the docs page).
const DOCUMENTED = JSON.parse(readFileSync(new URL('../../contracts/expectations/callbacks.json', import.meta.url), 'utf8'))
  .callStatusCallback.params as Record<string, { presence: string; pattern?: string; equals?: string; enum?: string[] }>;

function expectDocumented(params: Record<string, string>): void {
  for (const [name, rule] of Object.entries(DOCUMENTED)) {
    if (rule.presence === 'always') expect(params, `${name} is always sent`).toHaveProperty(name);
    const value = params[name];
    if (value === undefined) continue;
    if (rule.pattern) expect(value, name).toMatch(new RegExp(rule.pattern));
    if (rule.equals) expect(value, name).toBe(rule.equals);
    if (rule.enum) expect(rule.enum, name).toContain(value);
  }
  if (TERMINAL.includes(params.CallStatus!)) expect(params).toHaveProperty('CallDuration');
}

describe.each(TRANSPORTS)('Calls life cycle over %s', (_transport, make) => {
  const t = callsContext(make);
  const create = (extra: Record<string, unknown> = {}) =>
    t.sim.sdk().calls.create({
      from: FROM,
      to: PERSON,
      twiml: say('Hello'),
      statusCallback: `${t.hooks.url}/status`,
      statusCallbackEvent: ALL_EVENTS,
      ...extra,
    });
  const fetch = (sid: string) => t.sim.sdk().calls(sid).fetch();

  it('answers the create with queued, outbound-api and queue_time, then goes ringing → in-progress → completed', async () => {
    const call = await create();
    expect(call).toMatchObject({ status: 'queued', direction: 'outbound-api', queueTime: '0', price: null, duration: null });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    // Nothing is sent before the API response (and the clock has not moved).
    expect(t.hooks.received).toEqual([]);

    await t.sim.clock.advance(1_000);
    expect((await fetch(call.sid)).status).toBe('ringing');
    await t.sim.clock.advance(3_000);
    expect((await fetch(call.sid)).status).toBe('in-progress');
    await t.run();
    const done = await fetch(call.sid);
    expect(done).toMatchObject({ status: 'completed', duration: '1', price: '-0.01500', priceUnit: 'AUD', answeredBy: null });
    // start_time is when it was dialled (initiated); ringing 1 s, answered after 3 s, a 1 s <Say>.
    expect(done.endTime!.getTime() - done.startTime!.getTime()).toBe(5_000);
  });

  it('sends each asked-for event once, numbered from 0, signed, with the documented fields', async () => {
    const call = await create();
    await t.run();
    const callbacks = t.statusCallbacks(call.sid);
    expect(callbacks.map((c) => [c.params.SequenceNumber, c.params.CallStatus])).toEqual([
      ['0', 'initiated'],
      ['1', 'ringing'],
      ['2', 'in-progress'],
      ['3', 'completed'],
    ]);
    for (const c of callbacks) {
      expect(c.signatureValid).toBe(true);
      expect(c.method).toBe('POST');
      expect(c.params).toMatchObject({ CallbackSource: 'call-progress-events', Direction: 'outbound-api', From: FROM, To: PERSON });
      expect(c.params.Timestamp).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      expectDocumented(c.params);
    }
    const [initiated, ringing, answered, completed] = callbacks.map((c) => c.params);
    // Durations and the SIP code belong to the terminal event; billed minutes to `completed` only.
    for (const p of [initiated, ringing, answered]) {
      expect(p).not.toHaveProperty('CallDuration');
      expect(p).not.toHaveProperty('Duration');
      expect(p).not.toHaveProperty('SipResponseCode');
    }
    expect(completed).toMatchObject({ CallDuration: '1', Duration: '1', SipResponseCode: '200' });
    expect(new Date(completed!.Timestamp!).getTime() - new Date(initiated!.Timestamp!).getTime()).toBe(5_000);
  });

  it('sends only `completed` when no StatusCallbackEvent is given', async () => {
    const call = await create({ statusCallbackEvent: undefined });
    await t.run();
    expect(t.statusCallbacks(call.sid).map((c) => [c.params.SequenceNumber, c.params.CallStatus])).toEqual([['0', 'completed']]);
  });

  it('busy: never answered, SIP 486, no billed Duration, no charge', async () => {
    await t.callee(PERSON, { answer: 'busy' });
    const call = await create();
    await t.run();
    const events = t.statusCallbacks(call.sid).map((c) => c.params);
    expect(events.map((p) => p.CallStatus)).toEqual(['initiated', 'ringing', 'busy']);
    expect(events[2]).toMatchObject({ CallDuration: '0', SipResponseCode: '486', SequenceNumber: '2' });
    expect(events[2]).not.toHaveProperty('Duration');
    // Twilio's call resource: duration is empty for busy, failed and unanswered calls.
    expect(await fetch(call.sid)).toMatchObject({ status: 'busy', duration: null });
  });

  it('no-answer: gives up after Timeout with SIP 487', async () => {
    await t.callee(PERSON, { answer: 'no-answer' });
    const call = await create({ timeout: 15 });
    await t.run();
    const events = t.statusCallbacks(call.sid).map((c) => c.params);
    expect(events.map((p) => p.CallStatus)).toEqual(['initiated', 'ringing', 'no-answer']);
    expect(events[2]).toMatchObject({ CallDuration: '0', SipResponseCode: '487' });
    const done = await fetch(call.sid);
    expect(done.status).toBe('no-answer');
    // Ringing started 1 s after initiated; the caller gave up 15 s later.
    expect(done.endTime!.getTime() - done.startTime!.getTime()).toBe(16_000);
  });

  it('Timeout defaults to 60 s of ringing', async () => {
    await t.callee(PERSON, { answer: 'no-answer' });
    const call = await create();
    await t.run();
    const done = await fetch(call.sid);
    expect(done.endTime!.getTime() - done.startTime!.getTime()).toBe(61_000);
  });

  it('a callee who answers only after Timeout is no-answer too', async () => {
    await t.callee(PERSON, { answer: 'answer', ringMs: 20_000 });
    const call = await create({ timeout: 10 });
    await t.run();
    expect((await fetch(call.sid)).status).toBe('no-answer');
    expect(t.statusCallbacks(call.sid).map((c) => c.params.CallStatus)).not.toContain('in-progress');
  });

  it('a callee who rejects the call ends it as no-answer', async () => {
    await t.callee(PERSON, { answer: 'reject', ringMs: 2_000 });
    const call = await create();
    await t.run();
    expect((await fetch(call.sid)).status).toBe('no-answer');
    expect(t.statusCallbacks(call.sid).at(-1)!.params).toMatchObject({ CallStatus: 'no-answer', CallDuration: '0' });
  });

  it('failed: the network cannot place the call', async () => {
    await t.callee(PERSON, { answer: 'failed' });
    const call = await create();
    await t.run();
    expect((await fetch(call.sid)).status).toBe('failed');
    const last = t.statusCallbacks(call.sid).at(-1)!.params;
    expect(last).toMatchObject({ CallStatus: 'failed', CallDuration: '0' });
    expect(last.SipResponseCode).toMatch(/^[4-6]\d\d$/);
  });

  it('the callee hangs up after N seconds: completed with that duration, billed per started minute', async () => {
    await t.callee(PERSON, { hangUpAfterMs: 61_000 });
    const call = await create({ twiml: '<Response><Pause length="600"/></Response>' });
    await t.run();
    expect(await fetch(call.sid)).toMatchObject({ status: 'completed', duration: '61', price: '-0.03000' });
    expect(t.statusCallbacks(call.sid).at(-1)!.params).toMatchObject({ CallDuration: '61', Duration: '2', SipResponseCode: '200' });
  });

  it('TimeLimit ends an answered call', async () => {
    const call = await create({ twiml: '<Response><Pause length="600"/></Response>', timeLimit: 30 });
    await t.run();
    expect(await fetch(call.sid)).toMatchObject({ status: 'completed', duration: '30' });
  });

  it('AnsweredBy with MachineDetection: on the answered callback, the TwiML request and the resource', async () => {
    await t.callee(PERSON, { answeredBy: 'machine_start' });
    const call = await create({ machineDetection: 'Enable', url: `${t.hooks.url}/voice`, twiml: undefined });
    await t.run();
    const answered = t.statusCallbacks(call.sid).find((c) => c.params.CallStatus === 'in-progress')!;
    expect(answered.params.AnsweredBy).toBe('machine_start');
    expect(t.hooks.on('/voice')[0]!.params.AnsweredBy).toBe('machine_start');
    expect((await fetch(call.sid)).answeredBy).toBe('machine_start');
  });

  it.each([
    ['Enable', 'machine_end_beep', 'machine_start'],
    ['Enable', 'human', 'human'],
    ['DetectMessageEnd', 'machine_end_beep', 'machine_end_beep'],
    ['DetectMessageEnd', 'machine_start', 'machine_end_other'],
    ['DetectMessageEnd', 'fax', 'fax'],
  ])('MachineDetection=%s reports a %s callee as %s (the values each mode can give)', async (mode, scripted, reported) => {
    await t.callee(PERSON, { answeredBy: scripted });
    const call = await create({ machineDetection: mode });
    await t.run();
    expect((await fetch(call.sid)).answeredBy).toBe(reported);
  });

  it('without MachineDetection there is no AnsweredBy', async () => {
    await t.callee(PERSON, { answeredBy: 'machine_start' });
    const call = await create();
    await t.run();
    for (const c of t.statusCallbacks(call.sid)) expect(c.params).not.toHaveProperty('AnsweredBy');
  });

  it('a callee scripted with callbackOrder shuffled gets the same callbacks out of order', async () => {
    await t.callee(PERSON, { callbackOrder: 'shuffled' });
    const call = await create();
    await t.run();
    const numbers = t.statusCallbacks(call.sid).map((c) => Number(c.params.SequenceNumber));
    expect([...numbers].sort()).toEqual([0, 1, 2, 3]);
    expect(numbers).not.toEqual([0, 1, 2, 3]);
    // Sorted by SequenceNumber they tell the true story.
    const sorted = t.statusCallbacks(call.sid).sort((a, b) => Number(a.params.SequenceNumber) - Number(b.params.SequenceNumber));
    expect(sorted.map((c) => c.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
  });

  it('shuffled callbacks still all arrive when `completed` is not among the asked-for events', async () => {
    await t.callee(PERSON, { callbackOrder: 'shuffled' });
    const call = await create({ statusCallbackEvent: ['initiated', 'ringing', 'answered'] });
    await t.run();
    const statuses = t.statusCallbacks(call.sid).map((c) => c.params.CallStatus);
    expect([...statuses].sort()).toEqual(['in-progress', 'initiated', 'ringing']);
  });

  it('StatusCallbackMethod GET sends the fields in the query, signed over the URL', async () => {
    const call = await create({ statusCallbackMethod: 'GET', statusCallbackEvent: ['completed'] });
    await t.run();
    const [hook] = t.hooks.on('/status');
    expect(hook!.method).toBe('GET');
    expect(new URL(hook!.url).searchParams.get('CallSid')).toBe(call.sid);
    expect(hook!.signatureValid).toBe(true);
  });
});
