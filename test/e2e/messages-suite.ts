// The Messages API end to end through the official twilio SDK. The same suite runs on the express transport and on
// the msw handlers (see messages.express.test.ts / messages.msw.test.ts): behaviour must not depend on transport.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimHarness } from '../helpers/harness.js';
import { WebhookReceiver } from '../helpers/receiver.js';

const A = '+61491570156';
const B = '+61491570157';
const SERVICE_SENDER = '+61491570158';
const SERVICE_SID = 'MG8c2e4a6b0d1f3a5c7e9b2d4f6a8c0e1b';
const PERSON = '+61491570101';

async function rejection(promise: Promise<unknown>): Promise<{ status: number; code: number; moreInfo: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; code: number; moreInfo: string };
  }
  throw new Error('expected the call to be rejected');
}

export function describeMessagesApi(makeHarness: () => Promise<SimHarness>): void {
  let sim: SimHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    sim = await makeHarness();
    receiver = await new WebhookReceiver(sim.accounts[0]!.authToken).start();
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.stop();
  });
  beforeEach(async () => {
    expect((await sim.control('POST', '/__sim/reset')).status).toBe(200);
    receiver.received.length = 0;
  });

  const status = async (sid: string) => (await sim.sdk().messages(sid).fetch()).status;

  describe('resource life cycle', () => {
    it('creates a queued message with Twilio’s fields, then moves it to delivered and prices it', async () => {
      const created = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'Your code is 1234' });
      expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(created).toMatchObject({
        status: 'queued',
        direction: 'outbound-api',
        numSegments: '1',
        numMedia: '0',
        price: null,
        errorCode: null,
        apiVersion: '2010-04-01',
        from: A,
        to: PERSON,
        accountSid: sim.accounts[0]!.sid,
      });
      expect(created.uri).toBe(`/2010-04-01/Accounts/${sim.accounts[0]!.sid}/Messages/${created.sid}.json`);
      expect(created.subresourceUris).toEqual({ media: created.uri.replace('.json', '/Media.json') });

      await sim.clock.runUntilIdle();
      const done = await sim.sdk().messages(created.sid).fetch();
      expect(done.status).toBe('delivered');
      expect(done.price).toBe('-0.08000');
      expect(done.priceUnit).toBe('AUD');
      expect(done.dateSent).toBeInstanceOf(Date);
    });

    it('counts segments and prices per segment (UCS-2 body of 71 characters = 2 segments)', async () => {
      const created = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'á' + 'a'.repeat(70) });
      expect(created.numSegments).toBe('2');
      await sim.clock.runUntilIdle();
      expect((await sim.sdk().messages(created.sid).fetch()).price).toBe('-0.16000');
    });

    it('lists newest first across three pages, and each() follows next_page_uri to the end', async () => {
      const sids: string[] = [];
      for (let i = 0; i < 5; i++) sids.push((await sim.sdk().messages.create({ from: A, to: `+6149157010${i}`, body: `n${i}` })).sid);
      const newestFirst = [...sids].reverse();

      const first = await sim.sdk().messages.page({ pageSize: 2 });
      const second = await first.nextPage();
      const third = await second!.nextPage();
      expect([first, second!, third!].map((p) => p.instances.map((m) => m.sid))).toEqual([
        newestFirst.slice(0, 2),
        newestFirst.slice(2, 4),
        newestFirst.slice(4),
      ]);
      expect(await third!.nextPage()).toBeUndefined();

      const seen: string[] = [];
      await sim.sdk().messages.each({ pageSize: 2 }, (m) => void seen.push(m.sid));
      expect(seen).toEqual(newestFirst);
      expect((await sim.sdk().messages.list({ to: '+61491570103' })).map((m) => m.sid)).toEqual([sids[3]]);
      expect(await sim.sdk().messages.list({ from: B })).toEqual([]);
    });

    it('filters by DateSent on, before and after a day', async () => {
      const early = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'day one' });
      await sim.clock.runUntilIdle();
      await sim.clock.advance(24 * 3600 * 1000);
      const late = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'day two' });
      await sim.clock.runUntilIdle();
      const day1 = new Date(Date.UTC(2026, 0, 1));
      expect((await sim.sdk().messages.list({ dateSent: day1 })).map((m) => m.sid)).toEqual([early.sid]);
      expect((await sim.sdk().messages.list({ dateSentAfter: new Date(Date.UTC(2026, 0, 2)) })).map((m) => m.sid)).toEqual([late.sid]);
      expect((await sim.sdk().messages.list({ dateSentBefore: day1 })).map((m) => m.sid)).toEqual([early.sid]);
    });

    it('redacts a body, deletes final messages, refuses to delete one in flight', async () => {
      const m = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'secret' });
      const inFlight = await rejection(sim.sdk().messages(m.sid).remove());
      expect(inFlight).toMatchObject({ status: 400, code: 20009 });

      await sim.clock.runUntilIdle();
      expect((await sim.sdk().messages(m.sid).update({ body: '' })).body).toBe('');
      expect((await sim.sdk().messages(m.sid).fetch()).body).toBe('');
      expect(await sim.sdk().messages(m.sid).remove()).toBe(true);
      expect(await rejection(sim.sdk().messages(m.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    });

    it('serves the Media subresource it advertises: list, fetch, delete', async () => {
      const m = await sim.sdk().messages.create({
        from: A,
        to: PERSON,
        mediaUrl: ['https://cdn.example/pic.jpg', 'https://cdn.example/menu.pdf?v=2'],
      });
      expect(m.sid).toMatch(/^MM/);
      expect(m.numMedia).toBe('2');
      const media = await sim.sdk().messages(m.sid).media.list();
      expect(media.map((x) => x.contentType).sort()).toEqual(['application/pdf', 'image/jpeg']);
      expect(media.every((x) => x.parentSid === m.sid && /^ME[0-9a-f]{32}$/.test(x.sid))).toBe(true);
      const one = await sim.sdk().messages(m.sid).media(media[0]!.sid).fetch();
      expect(one.uri).toBe(`/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Media/${one.sid}.json`);
      expect(await sim.sdk().messages(m.sid).media(one.sid).remove()).toBe(true);
      expect((await sim.sdk().messages(m.sid).media.list()).map((x) => x.sid)).toEqual([media[1]!.sid]);
      expect(await rejection(sim.sdk().messages(m.sid).media(one.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    });

    it('a Messaging Service send is accepted with no sender yet, then queued from a sender of its pool', async () => {
      const m = await sim.sdk().messages.create({ messagingServiceSid: SERVICE_SID, to: PERSON, body: 'hello' });
      // As real Twilio answered (messages-create-messaging-service-201-1): accepted, from null, "0" segments.
      expect(m).toMatchObject({ status: 'accepted', from: null, numSegments: '0', priceUnit: null, messagingServiceSid: SERVICE_SID });
      await sim.clock.runUntilIdle();
      expect(await sim.sdk().messages(m.sid).fetch()).toMatchObject({ status: 'delivered', from: SERVICE_SENDER, numSegments: '1' });
    });

    it('schedules through a Messaging Service and cancels only while scheduled', async () => {
      const sendAt = new Date(sim.clock.now() + 60 * 60 * 1000);
      const m = await sim.sdk().messages.create({
        messagingServiceSid: SERVICE_SID,
        to: PERSON,
        body: 'see you at 10',
        sendAt,
        scheduleType: 'fixed',
        statusCallback: `${receiver.url}/status`,
      });
      expect(m.status).toBe('scheduled');
      // No sender picked yet: Twilio answers from null and num_segments "0" (messages-create-messaging-service-201-1).
      expect(m).toMatchObject({ from: null, numSegments: '0', priceUnit: null });
      const canceled = await sim.sdk().messages(m.sid).update({ status: 'canceled' });
      expect(canceled.status).toBe('canceled');
      await sim.clock.runUntilIdle();
      expect(receiver.on('/status').map((r) => r.params.MessageStatus)).toEqual(['canceled']);
      expect(await rejection(sim.sdk().messages(m.sid).update({ status: 'canceled' }))).toMatchObject({ code: 30409 });
    });
  });

  describe('status callbacks', () => {
    it('arrive signed, in order, with Twilio’s fields: sent then delivered', async () => {
      const m = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'hi', statusCallback: `${receiver.url}/status?tenant=7` });
      await sim.clock.runUntilIdle();
      const calls = receiver.on('/status');
      expect(calls.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
      for (const call of calls) {
        expect(call.signatureValid).toBe(true);
        expect(call.url).toContain('?tenant=7');
        expect(call.params).toMatchObject({
          MessageSid: m.sid,
          SmsSid: m.sid,
          AccountSid: sim.accounts[0]!.sid,
          From: A,
          To: PERSON,
          SmsStatus: call.params.MessageStatus,
          ApiVersion: '2010-04-01',
        });
        expect(call.params.ErrorCode).toBeUndefined();
      }
      expect(calls[1]!.params.RawDlrDoneDate).toMatch(/^\d{10}$/);
    });

    it.each([
      ['+61491570110', ['sent', 'undelivered'], '30003'],
      ['+61491570111', ['sent', 'undelivered'], '30005'],
      ['+61491570112', ['sent', 'undelivered'], '30006'],
      ['+61491570113', ['failed'], '30008'],
    ])('a recipient scripted in fixtures (%s) ends %j with ErrorCode %s', async (to, statuses, code) => {
      const m = await sim.sdk().messages.create({ from: A, to, body: 'hi', statusCallback: `${receiver.url}/status` });
      await sim.clock.runUntilIdle();
      const calls = receiver.on('/status');
      expect(calls.map((c) => c.params.MessageStatus)).toEqual(statuses);
      expect(calls.at(-1)!.params.ErrorCode).toBe(code);
      expect((await sim.sdk().messages(m.sid).fetch()).errorCode).toBe(Number(code));
    });

    it('follows scenarios set through the control API: slow carrier, never delivered', async () => {
      expect((await sim.control('POST', '/__sim/scenarios', { to: PERSON, outcome: 'slow', delayMs: 30_000 })).status).toBe(201);
      const slow = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'hi' });
      await sim.clock.advance(10_000);
      expect(await status(slow.sid)).toBe('sent');
      await sim.clock.advance(30_000);
      expect(await status(slow.sid)).toBe('delivered');

      await sim.control('POST', '/__sim/scenarios', { to: PERSON, outcome: 'never' });
      const never = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'hi' });
      await sim.clock.runUntilIdle();
      expect(await status(never.sid)).toBe('sent');
    });

    it('a receiver that is down never blocks the API; every attempt is logged with 11205', async () => {
      const closed = await new WebhookReceiver('x').start();
      await closed.stop();
      const m = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'hi', statusCallback: `${closed.url}/status` });
      await sim.clock.runUntilIdle();
      expect(await status(m.sid)).toBe('delivered');
      const log = (await sim.control('GET', `/__sim/webhooks?resourceSid=${m.sid}`)).body.deliveries;
      // Two deliveries (sent, delivered), each tried twice: Twilio retries once on a connection failure by default.
      expect(log).toHaveLength(4);
      expect(log.every((d: { errorCode: number }) => d.errorCode === 11205)).toBe(true);
    });
  });

  describe('per-sender pacing', () => {
    it('spaces one sender’s messages exactly 1000 ms apart; other senders are not held', async () => {
      const m1 = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'one' });
      const m2 = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'two' });
      const m3 = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'three' });
      const other = await sim.sdk().messages.create({ from: B, to: PERSON, body: 'elsewhere' });
      await sim.clock.advance(0);
      expect([await status(m1.sid), await status(m2.sid), await status(m3.sid), await status(other.sid)]).toEqual([
        'sending',
        'queued',
        'queued',
        'sending',
      ]);
      await sim.clock.advance(999);
      expect(await status(m2.sid)).toBe('queued');
      await sim.clock.advance(1);
      expect(await status(m2.sid)).toBe('sending');
      await sim.clock.advance(999);
      expect(await status(m3.sid)).toBe('queued');
      await sim.clock.advance(1);
      expect(await status(m3.sid)).toBe('sending');
    });

    it('a 10-segment message holds its sender for 10 s', async () => {
      const long = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'x'.repeat(153 * 10) });
      expect(long.numSegments).toBe('10');
      const next = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'next' });
      await sim.clock.advance(9_999);
      expect(await status(next.sid)).toBe('queued');
      await sim.clock.advance(1);
      expect(await status(next.sid)).toBe('sending');
    });

    it('a message still queued when its ValidityPeriod lapses fails with 30001', async () => {
      await sim.sdk().messages.create({ from: A, to: PERSON, body: 'x'.repeat(153 * 10) });
      const m = await sim
        .sdk()
        .messages.create({ from: A, to: PERSON, body: 'late', validityPeriod: 5, statusCallback: `${receiver.url}/status` });
      await sim.clock.advance(5_000);
      const failed = await sim.sdk().messages(m.sid).fetch();
      expect(failed).toMatchObject({ status: 'failed', errorCode: 30001 });
      await sim.clock.runUntilIdle();
      expect(receiver.on('/status').map((r) => [r.params.MessageStatus, r.params.ErrorCode])).toEqual([['failed', '30001']]);
    });
  });

  describe('magic test numbers', () => {
    it.each([
      [{ from: '+15005550001', to: PERSON }, 21212],
      [{ from: '+15005550007', to: PERSON }, 21606],
      [{ from: '+15005550008', to: PERSON }, 21611],
      [{ from: '+15005550006', to: '+15005550001' }, 21211],
      [{ from: '+15005550006', to: '+15005550002' }, 21612],
      [{ from: '+15005550006', to: '+15005550003' }, 21408],
      [{ from: '+15005550006', to: '+15005550004' }, 21610],
      [{ from: '+15005550006', to: '+15005550009' }, 21614],
    ])('%j → %i', async (numbers, code) => {
      const error = await rejection(sim.sdk().messages.create({ ...numbers, body: 'test' }));
      expect(error).toMatchObject({ status: 400, code, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
    });

    it('+15005550006 sends to anyone', async () => {
      expect((await sim.sdk().messages.create({ from: '+15005550006', to: '+15005550010', body: 'ok' })).status).toBe('queued');
    });
  });

  describe('inbound SMS and opt-out', () => {
    it('posts a signed inbound webhook to the number’s sms_url and sends the TwiML <Message> reply', async () => {
      const [number] = await sim.sdk().incomingPhoneNumbers.list({ phoneNumber: A });
      const updated = await sim
        .sdk()
        .incomingPhoneNumbers(number!.sid)
        .update({ smsUrl: `${receiver.url}/sms` });
      expect(updated.smsUrl).toBe(`${receiver.url}/sms`);
      receiver.reply('/sms', {
        contentType: 'text/xml',
        body: '<?xml version="1.0"?><Response><Message>Thanks, got it</Message></Response>',
      });

      const inbound = await sim.control('POST', '/__sim/messages/inbound', { from: PERSON, to: A, body: 'Hello there' });
      expect(inbound.status).toBe(201);
      expect(inbound.body).toMatchObject({ status: 'received', direction: 'inbound', from: PERSON, to: A });
      await sim.clock.runUntilIdle();

      const [hook] = receiver.on('/sms');
      expect(hook!.signatureValid).toBe(true);
      expect(hook!.params).toMatchObject({
        MessageSid: inbound.body.sid,
        SmsSid: inbound.body.sid,
        SmsMessageSid: inbound.body.sid,
        AccountSid: sim.accounts[0]!.sid,
        From: PERSON,
        To: A,
        Body: 'Hello there',
        NumMedia: '0',
        NumSegments: '1',
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
        FromCountry: 'AU',
        ToCountry: 'AU',
      });
      const [reply] = await sim.sdk().messages.list({ to: PERSON, from: A });
      expect(reply).toMatchObject({ body: 'Thanks, got it', direction: 'outbound-reply', status: 'delivered' });
    });

    it('STOP blocks later sends from that number with 21610 until START', async () => {
      await sim.control('POST', '/__sim/messages/inbound', { from: PERSON, to: A, body: '  stop ' });
      expect(await rejection(sim.sdk().messages.create({ from: A, to: PERSON, body: 'promo' }))).toMatchObject({ code: 21610 });
      // Opt-out is per sender number: B may still text the person.
      expect((await sim.sdk().messages.create({ from: B, to: PERSON, body: 'from B' })).status).toBe('queued');
      const confirmations = await sim.sdk().messages.list({ from: A, to: PERSON });
      expect(confirmations).toHaveLength(1);
      expect(confirmations[0]!.direction).toBe('outbound-reply');

      await sim.control('POST', '/__sim/messages/inbound', { from: PERSON, to: A, body: 'START' });
      expect((await sim.sdk().messages.create({ from: A, to: PERSON, body: 'welcome back' })).status).toBe('queued');
    });
  });

  describe('auth and account isolation', () => {
    it('wrong credentials → 401 with code 20003', async () => {
      const main = sim.accounts[0]!;
      expect(await rejection(sim.sdkWith(main.sid, 'not-the-token').messages.list())).toMatchObject({ status: 401, code: 20003 });
    });

    it('another account’s URL or resource → 404 20404, and nothing leaks', async () => {
      const [main, second] = sim.accounts as [(typeof sim.accounts)[0], (typeof sim.accounts)[0]];
      const mine = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'private' });
      expect(await rejection(sim.sdkWith(second.sid, second.authToken, main.sid).messages.list())).toMatchObject({
        status: 404,
        code: 20404,
      });
      expect(await rejection(sim.sdk(second).messages(mine.sid).fetch())).toMatchObject({ status: 404, code: 20404 });
      expect(await sim.sdk(second).messages.list()).toEqual([]);
      // A number owned by the other account can't be used as a sender.
      expect(await rejection(sim.sdk(second).messages.create({ from: A, to: PERSON, body: 'x' }))).toMatchObject({ code: 21606 });
    });

    it('accepts an API key of the account', async () => {
      const main = sim.accounts[0]!;
      const keyed = sim.sdkWith('SK4a7c1e9b3d5f2a8c6e0b4d7f1a3c5e9b', 'simsecret-default-0123456789abcdef', main.sid);
      expect((await keyed.messages.create({ from: A, to: PERSON, body: 'via key' })).accountSid).toBe(main.sid);
    });
  });

  describe('validation errors', () => {
    it.each([
      [{ to: PERSON, body: 'no from' }, 21603],
      [{ from: A, to: PERSON }, 21602],
      [{ from: A, to: 'not-a-number', body: 'x' }, 21211],
      [{ from: 'garbage', to: PERSON, body: 'x' }, 21212],
      [{ from: A, to: PERSON, body: 'x'.repeat(1601) }, 21617],
      [{ from: '+61491570199', to: PERSON, body: 'not ours' }, 21606],
      [{ from: A, to: '+61255509999', body: 'landline' }, 21614],
      [{ from: A, to: PERSON, body: 'x', validityPeriod: 0 }, 21624],
      [{ from: A, to: PERSON, body: 'x', statusCallback: 'ftp://nope' }, 21609],
    ])('%j → %i', async (params, code) => {
      expect(await rejection(sim.sdk().messages.create(params as never))).toMatchObject({ status: 400, code });
    });

    it('a body of exactly 1600 characters is accepted', async () => {
      expect((await sim.sdk().messages.create({ from: A, to: PERSON, body: 'x'.repeat(1600) })).numSegments).toBe('11');
    });
  });
}
