// Changing a live call through the API as Twilio allows it: cancel (queued or ringing only), complete (any live
// state), redirect (in progress only, 21220 otherwise), and delete (final calls only, 20009 before).
import { describe, expect, it } from 'vitest';
import { callsContext, FROM, PERSON, rejection, say, TRANSPORTS, verbsOf } from './calls-suite.js';

const ALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];
const LONG = '<Response><Pause length="600"/></Response>';

describe.each(TRANSPORTS)('Updating and deleting calls over %s', (_transport, make) => {
  const t = callsContext(make);
  const create = (extra: Record<string, unknown> = {}) =>
    t.sim.sdk().calls.create({
      from: FROM,
      to: PERSON,
      twiml: LONG,
      statusCallback: `${t.hooks.url}/status`,
      statusCallbackEvent: ALL_EVENTS,
      ...extra,
    });
  const update = (sid: string, params: Record<string, unknown>) => t.sim.sdk().calls(sid).update(params);
  const fetch = (sid: string) => t.sim.sdk().calls(sid).fetch();

  it('Status=canceled on a call still queued for CPS ends it with no status callback at all', async () => {
    await create();
    // The second call from the same number waits 1 s for its CPS slot.
    const queued = await create();
    expect(queued.queueTime).toBe('1000');
    const canceled = await update(queued.sid, { status: 'canceled' });
    expect(canceled.status).toBe('canceled');
    await t.sim.clock.advance(10_000);
    expect(t.statusCallbacks(queued.sid)).toEqual([]);
    const done = await fetch(queued.sid);
    expect(done).toMatchObject({ status: 'canceled', startTime: null, duration: null });
  });

  it('Status=canceled after it left the queue (initiated, not yet ringing) still reports the cancel', async () => {
    const call = await create();
    // `initiated` went out at once; ringing would start after 1 s of dialling.
    await t.sim.clock.advance(500);
    expect((await fetch(call.sid)).status).toBe('queued');
    await update(call.sid, { status: 'canceled' });
    await t.sim.clock.advance(10_000);
    expect(t.statusCallbacks(call.sid).map((c) => [c.params.SequenceNumber, c.params.CallStatus])).toEqual([
      ['0', 'initiated'],
      ['1', 'canceled'],
    ]);
  });

  it('Status=canceled on a ringing call ends it as canceled, with its callback', async () => {
    const call = await create();
    await t.sim.clock.advance(1_500);
    expect((await fetch(call.sid)).status).toBe('ringing');
    await update(call.sid, { status: 'canceled' });
    await t.sim.clock.advance(10_000);
    expect((await fetch(call.sid)).status).toBe('canceled');
    const last = t.statusCallbacks(call.sid).at(-1)!.params;
    expect(last).toMatchObject({ CallStatus: 'canceled', CallDuration: '0', SequenceNumber: '2' });
  });

  it('Status=canceled leaves an in-progress call alone', async () => {
    const call = await create();
    await t.sim.clock.advance(5_000);
    const after = await update(call.sid, { status: 'canceled' });
    expect(after.status).toBe('in-progress');
    await t.sim.clock.advance(10_000);
    expect((await fetch(call.sid)).status).toBe('in-progress');
  });

  it.each([
    ['queued', 0, 'canceled'],
    ['ringing', 1_500, 'canceled'],
    ['in-progress', 5_000, 'completed'],
  ])('Status=completed hangs up a %s call', async (state, afterMs, ended) => {
    await create({ statusCallbackEvent: undefined });
    // The second call is queued for 1 s; by afterMs it is in the state under test.
    const call = await create();
    await t.sim.clock.advance(afterMs + (state === 'queued' ? 0 : 1_000));
    expect((await fetch(call.sid)).status).toBe(state);
    await update(call.sid, { status: 'completed' });
    await t.sim.clock.advance(10_000);
    expect((await fetch(call.sid)).status).toBe(ended);
  });

  it('Status=completed on a call that has ended is an error, never a 5xx', async () => {
    const call = await create({ twiml: say('Short') });
    await t.run();
    const error = await rejection(update(call.sid, { status: 'completed' }));
    expect(error.status).toBe(400);
    expect(error.code).toBe(21220);
  });

  it('a new TimeLimit on an in-progress call ends it at that limit from the answer', async () => {
    const call = await create();
    await t.sim.clock.advance(10_000);
    await update(call.sid, { timeLimit: 20 });
    await t.run();
    expect(await fetch(call.sid)).toMatchObject({ status: 'completed', duration: '20' });
  });

  it('a TimeLimit already passed ends the in-progress call at once', async () => {
    const call = await create();
    await t.sim.clock.advance(34_000);
    await update(call.sid, { timeLimit: 10 });
    await t.sim.clock.advance(1);
    expect(await fetch(call.sid)).toMatchObject({ status: 'completed', duration: '30' });
  });

  it('redirects an in-progress call to new Twiml', async () => {
    const call = await create();
    await t.sim.clock.advance(5_000);
    await update(call.sid, { twiml: say('Redirected') });
    await t.sim.clock.advance(10_000);
    expect(verbsOf(await t.timeline(call.sid))).toEqual(['Pause', 'Say']);
    expect((await fetch(call.sid)).status).toBe('completed');
  });

  it('redirects an in-progress call to a new Url, asked with the call’s parameters', async () => {
    t.hooks.reply('/moved', { contentType: 'text/xml', body: say('Moved') });
    const call = await create();
    await t.sim.clock.advance(5_000);
    await update(call.sid, { url: `${t.hooks.url}/moved`, method: 'POST' });
    await t.sim.clock.advance(10_000);
    const [request] = t.hooks.on('/moved');
    expect(request!.params).toMatchObject({ CallSid: call.sid, CallStatus: 'in-progress' });
    expect(request!.signatureValid).toBe(true);
  });

  it.each([
    ['queued', 0],
    ['ringing', 1_500],
  ])('a redirect of a %s call is 21220', async (state, afterMs) => {
    await create();
    const call = await create();
    await t.sim.clock.advance(afterMs + (state === 'queued' ? 0 : 1_000));
    expect((await fetch(call.sid)).status).toBe(state);
    const error = await rejection(update(call.sid, { twiml: say('Too soon') }));
    expect({ status: error.status, code: error.code }).toEqual({ status: 400, code: 21220 });
  });

  it('delete is refused (20009) until the call is final, then the call is gone', async () => {
    const call = await create({ twiml: say('Bye') });
    const early = await rejection(t.sim.sdk().calls(call.sid).remove());
    expect(early.code).toBe(20009);
    await t.run();
    expect(await t.sim.sdk().calls(call.sid).remove()).toBe(true);
    expect((await rejection(fetch(call.sid))).status).toBe(404);
  });

  it('an unknown call is a 404 on fetch, update and delete', async () => {
    const sid = 'CA00000000000000000000000000000000';
    expect((await rejection(fetch(sid))).code).toBe(20404);
    expect((await rejection(update(sid, { status: 'completed' }))).code).toBe(20404);
    expect((await rejection(t.sim.sdk().calls(sid).remove())).code).toBe(20404);
  });
});
