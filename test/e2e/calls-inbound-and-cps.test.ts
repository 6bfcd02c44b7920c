// Inbound calls (a person calls one of your numbers; its voice_url, set with the SDK, answers or rejects) and CPS:
// outbound API calls leave their queue one per second per account, and per From number (the simulator's rule).
import { describe, expect, it } from 'vitest';
import { expressHarness, mswHarness } from '../helpers/harness.js';
import { callsContext, FROM, FROM_2, PERSON, say, TRANSPORTS, type TimelineEntry, XML } from './calls-suite.js';

const CALLER = '+61491570120';

describe.each(TRANSPORTS)('Inbound calls and CPS over %s', (_transport, make) => {
  const t = callsContext(make);

  describe('inbound', () => {
    const numberSid = async () => (await t.sim.sdk().incomingPhoneNumbers.list({ phoneNumber: FROM }))[0]!.sid;
    const ring = (from = CALLER) => t.sim.control('POST', '/__sim/calls/inbound', { from, to: FROM });

    it('asks the voice_url set through IncomingPhoneNumbers with Direction=inbound, and the TwiML answers', async () => {
      await t.sim
        .sdk()
        .incomingPhoneNumbers(await numberSid())
        .update({
          voiceUrl: `${t.hooks.url}/incoming`,
          statusCallback: `${t.hooks.url}/status`,
        });
      t.hooks.reply('/incoming', { contentType: XML, body: say('Thanks for calling') });
      const rung = await ring();
      expect(rung.status).toBe(201);
      expect(rung.body).toMatchObject({ direction: 'inbound', from: CALLER, to: FROM, status: 'ringing' });
      await t.run();
      const [request] = t.hooks.on('/incoming');
      expect(request!.signatureValid).toBe(true);
      expect(request!.params).toMatchObject({
        CallSid: rung.body.sid,
        Direction: 'inbound',
        CallStatus: 'ringing',
        From: CALLER,
        To: FROM,
        Caller: CALLER,
        Called: FROM,
      });
      const call = await t.sim.sdk().calls(rung.body.sid).fetch();
      expect(call).toMatchObject({ status: 'completed', direction: 'inbound', duration: '1' });
      expect(t.statusCallbacks(call.sid).map((c) => c.params)).toEqual([
        expect.objectContaining({ CallStatus: 'completed', Direction: 'inbound', SequenceNumber: '0' }),
      ]);
    });

    it.each([
      ['<Reject/>', 'no-answer'],
      ['<Reject reason="busy"/>', 'busy'],
    ])('%s first: the call is never answered', async (verb, status) => {
      await t.sim
        .sdk()
        .incomingPhoneNumbers(await numberSid())
        .update({ voiceUrl: `${t.hooks.url}/incoming` });
      t.hooks.reply('/incoming', { contentType: XML, body: `<Response>${verb}<Say>never</Say></Response>` });
      const rung = await ring();
      await t.run();
      const call = await t.sim.sdk().calls(rung.body.sid).fetch();
      expect(call.status).toBe(status);
      expect(call.duration).toBeNull();
      expect(call.price === null || Number(call.price) === 0).toBe(true);
      const timeline = await t.timeline(call.sid);
      expect(timeline.filter((e) => e.kind === 'status').map((e) => e.name)).not.toContain('in-progress');
    });

    it('an empty <Response/> still answers the call (only <Reject> avoids that), which then ends as completed', async () => {
      await t.sim
        .sdk()
        .incomingPhoneNumbers(await numberSid())
        .update({ voiceUrl: `${t.hooks.url}/incoming` });
      t.hooks.reply('/incoming', { contentType: XML, body: '<Response/>' });
      const rung = await ring();
      await t.run();
      const call = await t.sim.sdk().calls(rung.body.sid).fetch();
      expect(call).toMatchObject({ status: 'completed', duration: '0' });
    });

    it('a number without voice_url cannot be called; an unowned number is a 404', async () => {
      expect((await ring()).status).toBe(400);
      expect((await t.sim.control('POST', '/__sim/calls/inbound', { from: CALLER, to: '+61491570199' })).status).toBe(404);
    });
  });

  describe('CPS', () => {
    const initiatedAt = (timeline: TimelineEntry[]) => Date.parse(timeline.find((e) => e.name === 'initiated')!.at);
    const burst = async (froms: string[]) => {
      const created = [];
      for (const from of froms) {
        created.push(
          await t.sim.sdk().calls.create({
            from,
            to: PERSON,
            twiml: say('Hi'),
            statusCallback: `${t.hooks.url}/status`,
            statusCallbackEvent: ['initiated'],
          }),
        );
      }
      return created;
    };

    it('a burst of 5 calls from one number starts them exactly 1000 ms apart; queue_time says so', async () => {
      const calls = await burst([FROM, FROM, FROM, FROM, FROM]);
      expect(calls.map((c) => c.queueTime)).toEqual(['0', '1000', '2000', '3000', '4000']);
      await t.run();
      const starts = await Promise.all(calls.map(async (c) => initiatedAt(await t.timeline(c.sid))));
      expect(starts.map((s) => s - starts[0]!)).toEqual([0, 1000, 2000, 3000, 4000]);
      // The `initiated` callbacks come in that rhythm too (Timestamp is whole seconds).
      const stamps = calls.map((c) => Date.parse(t.statusCallbacks(c.sid)[0]!.params.Timestamp!));
      expect(stamps.map((s) => s - stamps[0]!)).toEqual([0, 1000, 2000, 3000, 4000]);
      const fetched = await Promise.all(calls.map((c) => t.sim.sdk().calls(c.sid).fetch()));
      // start_time is RFC 2822, whole seconds: compare the steps, not the instants.
      expect(fetched.map((c) => c.startTime!.getTime() - fetched[0]!.startTime!.getTime())).toEqual([0, 1000, 2000, 3000, 4000]);
    });

    it('two From numbers still share the account’s 1 call per second', async () => {
      const calls = await burst([FROM, FROM_2, FROM, FROM_2]);
      expect(calls.map((c) => c.queueTime)).toEqual(['0', '1000', '2000', '3000']);
    });

    it('inbound calls are not paced', async () => {
      const sid = (await t.sim.sdk().incomingPhoneNumbers.list({ phoneNumber: FROM_2 }))[0]!.sid;
      await t.sim
        .sdk()
        .incomingPhoneNumbers(sid)
        .update({ voiceUrl: `${t.hooks.url}/incoming` });
      await burst([FROM, FROM]);
      const rung = await t.sim.control('POST', '/__sim/calls/inbound', { from: CALLER, to: FROM_2 });
      expect(rung.body.queue_time).toBe('0');
    });
  });
});

describe.each([
  ['express', () => expressHarness({ calls: { cps: { accountCps: 2, perNumberCps: 0 } } })],
  ['msw', () => mswHarness({ calls: { cps: { accountCps: 2, perNumberCps: 0 } } })],
] as const)('CPS raised to 2 with the per-number rule off, over %s', (_transport, make) => {
  const t = callsContext(make);

  it('paces at the account’s rate alone: 500 ms apart from one number', async () => {
    const queueTimes = [];
    for (let i = 0; i < 4; i++) queueTimes.push((await t.sim.sdk().calls.create({ from: FROM, to: PERSON, twiml: say('Hi') })).queueTime);
    expect(queueTimes).toEqual(['0', '500', '1000', '1500']);
  });
});
