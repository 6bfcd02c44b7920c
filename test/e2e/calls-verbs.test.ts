// Voice TwiML acted out on the clock: Gather (scripted and live keys, finishOnKey, numDigits, timeout, speech, no
// action), Redirect, Hangup, Dial (its action and its child call), Record, and Connect/Stream holding the call.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { callsContext, FROM, PERSON, say, TRANSPORTS, verbsOf, XML } from './calls-suite.js';

const OTHER = '+61491570102';
/** Answered 4 s after create: 1 s to dial, 3 s of ringing. */
const ANSWER_MS = 4_000;

describe.each(TRANSPORTS)('Voice TwiML verbs over %s', (_transport, make) => {
  const t = callsContext(make);
  const serve = (path: string, twiml: string) => t.hooks.reply(path, { contentType: XML, body: twiml });
  const callWith = async (twiml: string, extra: Record<string, unknown> = {}) => {
    serve('/voice', twiml);
    return t.sim.sdk().calls.create({ from: FROM, to: PERSON, url: `${t.hooks.url}/voice`, ...extra });
  };
  const said = async (sid: string) =>
    (await t.timeline(sid)).filter((e) => e.kind === 'verb' && e.name === 'Say').map((e) => e.detail!.text);
  const gather = (attrs: string) => `<Response><Gather ${attrs}><Say>Enter your code</Say></Gather><Say>No input</Say></Response>`;

  describe('Gather', () => {
    it('posts Digits to its action when the callee ends with finishOnKey (#)', async () => {
      await t.callee(PERSON, { digits: [{ atMs: 2_000, digits: '1234#' }] });
      serve('/gathered', say('Thanks'));
      const call = await callWith(gather('action="/gathered"'));
      await t.run();
      const [action] = t.hooks.on('/gathered');
      expect(action!.signatureValid).toBe(true);
      expect(action!.params).toMatchObject({ CallSid: call.sid, Digits: '1234', FinishedOnKey: '#', CallStatus: 'in-progress' });
      expect(await said(call.sid)).toEqual(['Enter your code', 'Thanks']);
    });

    it('stops at numDigits', async () => {
      await t.callee(PERSON, { digits: [{ atMs: 500, digits: '987' }] });
      const call = await callWith(gather('action="/gathered" numDigits="2"'));
      await t.run();
      expect(t.hooks.on('/gathered')[0]!.params.Digits).toBe('98');
      expect(call.sid).toMatch(/^CA/);
    });

    it('honours a custom finishOnKey', async () => {
      await t.callee(PERSON, { digits: [{ atMs: 500, digits: '55*' }] });
      await callWith(gather('action="/gathered" finishOnKey="*"'));
      await t.run();
      expect(t.hooks.on('/gathered')[0]!.params).toMatchObject({ Digits: '55', FinishedOnKey: '*' });
    });

    it('with no input, times out and goes on to the next verb without asking the action', async () => {
      const call = await callWith(gather('action="/gathered" timeout="3"'));
      await t.run();
      expect(t.hooks.on('/gathered')).toEqual([]);
      expect(await said(call.sid)).toEqual(['Enter your code', 'No input']);
      const done = await t.sim.sdk().calls(call.sid).fetch();
      // 1 s prompt, 3 s timeout, 1 s "No input".
      expect(done.duration).toBe('5');
    });

    it('keys pressed after the prompt and then silence: Digits after the timeout, without FinishedOnKey', async () => {
      await t.callee(PERSON, { digits: [{ atMs: 1_500, digits: '42' }] });
      await callWith(gather('action="/gathered"'));
      await t.run();
      const params = t.hooks.on('/gathered')[0]!.params;
      expect(params.Digits).toBe('42');
      expect(params).not.toHaveProperty('FinishedOnKey');
    });

    it('returns SpeechResult and Confidence for input="speech"', async () => {
      await t.callee(PERSON, { speech: [{ atMs: 1_500, text: 'book an appointment', confidence: 0.87 }] });
      await callWith(gather('input="speech" action="/gathered"'));
      await t.run();
      const params = t.hooks.on('/gathered')[0]!.params;
      expect(params).toMatchObject({ SpeechResult: 'book an appointment', Confidence: '0.87' });
      expect(params).not.toHaveProperty('Digits');
    });

    it('without an action, posts the digits back to the current document’s URL', async () => {
      await t.callee(PERSON, { digits: [{ atMs: 500, digits: '7#' }] });
      await callWith(gather('numDigits="1"'));
      await t.run();
      const requests = t.hooks.on('/voice');
      expect(requests.length).toBeGreaterThanOrEqual(2);
      expect(requests[0]!.params).not.toHaveProperty('Digits');
      expect(requests[1]!.params.Digits).toBe('7');
    });

    it('without an action, uses its own method (POST by default), not the method that fetched the document', async () => {
      await t.callee(PERSON, { digits: [{ atMs: 500, digits: '7' }] });
      await callWith(gather('numDigits="1"'), { method: 'GET' });
      await t.run();
      const [first, second] = t.hooks.on('/voice');
      expect(first!.method).toBe('GET');
      expect(second!.method).toBe('POST');
      expect(second!.params.Digits).toBe('7');
    });

    it('hears keys pressed live through POST /__sim/calls/{sid}/input', async () => {
      serve('/gathered', say('Got it'));
      const call = await callWith(gather('action="/gathered"'));
      // Answered, and the prompt is playing.
      await t.sim.clock.advance(ANSWER_MS + 500);
      const pressed = await t.sim.control('POST', `/__sim/calls/${call.sid}/input`, { digits: '31#' });
      expect(pressed).toEqual({ status: 200, body: { heard: true } });
      await t.run();
      expect(t.hooks.on('/gathered')[0]!.params.Digits).toBe('31');
      const callee = (await t.timeline(call.sid)).filter((e) => e.kind === 'callee');
      expect(callee).toEqual([expect.objectContaining({ name: 'pressed', detail: { digits: '31#', heard: true } })]);
    });

    it('speech to a dtmf-only Gather is not heard, and the timeline says so', async () => {
      const call = await callWith(gather('action="/gathered"'));
      await t.sim.clock.advance(ANSWER_MS + 500);
      const spoken = await t.sim.control('POST', `/__sim/calls/${call.sid}/input`, { speech: 'hello' });
      expect(spoken.body).toEqual({ heard: false });
      const callee = (await t.timeline(call.sid)).filter((e) => e.kind === 'callee');
      expect(callee).toEqual([expect.objectContaining({ name: 'said', detail: { speech: 'hello', heard: false } })]);
    });

    it('a callee script takes keys 0-9, * and # only (a “w” would reach the app as a key)', async () => {
      const refused = await t.sim.control('POST', '/__sim/callees', { to: PERSON, digits: [{ atMs: 0, digits: 'w1' }] });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe(20001);
    });

    it('live input when nothing listens is not heard; malformed input is a 400', async () => {
      const call = await callWith('<Response><Pause length="10"/></Response>');
      await t.sim.clock.advance(ANSWER_MS + 500);
      expect((await t.sim.control('POST', `/__sim/calls/${call.sid}/input`, { digits: '1' })).body).toEqual({ heard: false });
      expect((await t.sim.control('POST', `/__sim/calls/${call.sid}/input`, { digits: 'abc' })).status).toBe(400);
    });
  });

  it('Redirect fetches the next document with its method; Hangup ends the call there', async () => {
    serve('/next', '<Response><Say>Second</Say><Hangup/><Say>Never</Say></Response>');
    const call = await callWith('<Response><Say>First</Say><Redirect method="GET">/next?step=2</Redirect><Say>Skipped</Say></Response>');
    await t.run();
    const [next] = t.hooks.on('/next');
    expect(next!.method).toBe('GET');
    expect(new URL(next!.url).searchParams.get('step')).toBe('2');
    expect(next!.signatureValid).toBe(true);
    expect(await said(call.sid)).toEqual(['First', 'Second']);
    expect((await t.sim.sdk().calls(call.sid).fetch()).status).toBe('completed');
  });

  describe('Dial', () => {
    it('bridges to another number, reports DialCallStatus/Sid/Duration/Bridged to its action, lists the child', async () => {
      await t.callee(OTHER, { ringMs: 2_000, hangUpAfterMs: 30_000 });
      serve('/dialed', say('Bye'));
      const call = await callWith(`<Response><Dial action="/dialed" timeout="20">${OTHER}</Dial></Response>`);
      await t.run();
      const children = await t.sim.sdk().calls.list({ parentCallSid: call.sid });
      expect(children).toHaveLength(1);
      const child = children[0]!;
      expect(child).toMatchObject({ parentCallSid: call.sid, direction: 'outbound-dial', to: OTHER, status: 'completed', duration: '30' });
      const params = t.hooks.on('/dialed')[0]!.params;
      expect(params).toMatchObject({ DialCallStatus: 'completed', DialCallSid: child.sid, DialCallDuration: '30', DialBridged: 'true' });
      expect(params.CallSid).toBe(call.sid);
      expect(await said(call.sid)).toEqual(['Bye']);
    });

    it('reports a busy callee as DialCallStatus=busy, not bridged', async () => {
      await t.callee(OTHER, { answer: 'busy' });
      await callWith(`<Response><Dial action="/dialed"><Number>${OTHER}</Number></Dial></Response>`);
      await t.run();
      expect(t.hooks.on('/dialed')[0]!.params).toMatchObject({ DialCallStatus: 'busy', DialCallDuration: '0', DialBridged: 'false' });
    });

    it('reports no-answer after the Dial timeout', async () => {
      await t.callee(OTHER, { answer: 'no-answer' });
      const call = await callWith(`<Response><Dial action="/dialed" timeout="10">${OTHER}</Dial></Response>`);
      await t.run();
      expect(t.hooks.on('/dialed')[0]!.params.DialCallStatus).toBe('no-answer');
      const [child] = await t.sim.sdk().calls.list({ parentCallSid: call.sid });
      expect(child!.endTime!.getTime() - child!.startTime!.getTime()).toBe(10_000);
    });

    it('redirecting the parent through the API ends the bridged child; the Dial action is not asked', async () => {
      await t.callee(OTHER, { ringMs: 1_000, hangUpAfterMs: 60_000 });
      const call = await callWith(`<Response><Dial action="/dialed">${OTHER}</Dial></Response>`);
      await t.sim.clock.advance(ANSWER_MS + 5_000);
      await t.sim.sdk().calls(call.sid).update({ twiml: '<Response><Pause length="30"/><Say>Moved</Say></Response>' });
      await t.sim.clock.advance(1);
      const [child] = await t.sim.sdk().calls.list({ parentCallSid: call.sid });
      expect(child!.status).toBe('completed');
      await t.run();
      expect(t.hooks.on('/dialed')).toEqual([]);
      expect(await said(call.sid)).toEqual(['Moved']);
    });

    it.each(['Conference', 'Client', 'Sip', 'Queue'])('<Dial><%s> is valid TwiML: noted as not simulated, not a 12100', async (noun) => {
      const call = await callWith(`<Response><Dial><${noun}>support</${noun}></Dial><Say>After</Say></Response>`);
      await t.run();
      expect((await t.alerts()).filter((a) => a.resourceSid === call.sid)).toEqual([]);
      expect(verbsOf(await t.timeline(call.sid))).toEqual([`Dial ${noun}`, 'Say']);
    });

    it('hanging up the parent hangs up the child', async () => {
      await t.callee(OTHER, { ringMs: 1_000 });
      const call = await callWith(`<Response><Dial>${OTHER}</Dial></Response>`);
      await t.sim.clock.advance(ANSWER_MS + 5_000);
      await t.sim.sdk().calls(call.sid).update({ status: 'completed' });
      await t.sim.clock.advance(1);
      const [child] = await t.sim.sdk().calls.list({ parentCallSid: call.sid });
      expect(child!.status).toBe('completed');
    });
  });

  it('Record posts a RecordingUrl placeholder with its duration and the key that ended it', async () => {
    await t.callee(PERSON, { digits: [{ atMs: 3_000, digits: '#' }] });
    serve('/recorded', say('Saved'));
    await callWith('<Response><Record action="/recorded" maxLength="60"/></Response>');
    await t.run();
    const params = t.hooks.on('/recorded')[0]!.params;
    expect(params.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(params.RecordingUrl).toMatch(new RegExp(`/Recordings/${params.RecordingSid}$`));
    expect(params).toMatchObject({ RecordingDuration: '3', Digits: '#' });
  });

  it('Record reports the finishOnKey key that stopped it, not the first key pressed', async () => {
    await t.callee(PERSON, { digits: [{ atMs: 2_000, digits: '12#' }] });
    await callWith('<Response><Record action="/recorded" finishOnKey="#"/></Response>');
    await t.run();
    expect(t.hooks.on('/recorded')[0]!.params.Digits).toBe('#');
  });

  it('Record ended by silence sends no Digits (no key was pressed)', async () => {
    serve('/recorded', say('Saved'));
    await callWith('<Response><Record action="/recorded" timeout="4"/></Response>');
    await t.run();
    const params = t.hooks.on('/recorded')[0]!.params;
    expect(params.RecordingDuration).toBe('4');
    expect(params).not.toHaveProperty('Digits');
  });

  it('Record without an action posts to the current document URL with its own method', async () => {
    t.hooks.reply('/voice', { contentType: XML, body: '<Response><Record timeout="2"/></Response>' });
    await t.sim.sdk().calls.create({ from: FROM, to: PERSON, url: `${t.hooks.url}/voice`, method: 'GET', timeLimit: 10 });
    await t.run();
    const requests = t.hooks.on('/voice');
    expect(requests[0]!.method).toBe('GET');
    expect(requests[1]!.method).toBe('POST');
    expect(requests[1]!.params.RecordingUrl).toMatch(/\/Recordings\/RE[0-9a-f]{32}$/);
  });

  it.each([
    ['Say', '<Say loop="0">Please hold</Say>'],
    ['Play', '<Play loop="0">https://cdn.example.test/hold.mp3</Play>'],
  ])('%s loop="0" repeats until the call ends', async (_verb, twiml) => {
    const call = await callWith(`<Response>${twiml}<Say>After</Say></Response>`, { timeLimit: 120 });
    await t.run();
    const done = await t.sim.sdk().calls(call.sid).fetch();
    expect(done.duration).toBe('120');
    expect(await said(call.sid)).not.toContain('After');
  });

  it('Connect/Stream holds the call open until it is hung up', async () => {
    // An agent on 127.0.0.1 that takes the stream and never closes it (loopback wss:// is reached as ws://).
    const agent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => agent.once('listening', resolve));
    const port = (agent.address() as AddressInfo).port;
    const call = await callWith(`<Response><Connect><Stream url="wss://127.0.0.1:${port}/s"/></Connect><Say>After</Say></Response>`);
    await t.sim.clock.advance(ANSWER_MS + 60 * 60_000);
    expect((await t.sim.sdk().calls(call.sid).fetch()).status).toBe('in-progress');
    await t.sim.sdk().calls(call.sid).update({ status: 'completed' });
    await t.sim.clock.advance(1);
    const done = await t.sim.sdk().calls(call.sid).fetch();
    expect(done.status).toBe('completed');
    expect(verbsOf(await t.timeline(call.sid))).toEqual(['Connect']);
    for (const client of agent.clients) client.terminate();
    await new Promise((resolve) => agent.close(resolve));
  });
});
