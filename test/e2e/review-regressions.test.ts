// Regressions from the independent review of the foundation: each case once failed.
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../simulator/http/app.js';
import { createSimulator, type Simulator, type VirtualClock } from '../../simulator/index.js';
import { expressHarness, type SimHarness } from '../helpers/harness.js';
import { WebhookReceiver } from '../helpers/receiver.js';

const A = '+61491570156';
const PERSON = '+61491570101';
const SERVICE_SID = 'MG8c2e4a6b0d1f3a5c7e9b2d4f6a8c0e1b';
const HOUR = 3_600_000;

let sim: SimHarness;
beforeAll(async () => {
  sim = await expressHarness();
});
afterAll(() => sim.stop());
beforeEach(async () => {
  await sim.control('POST', '/__sim/reset');
});

describe('scheduled messages', () => {
  it.each([1, 11, 48, 34 * 24])('scheduled %i h ahead is delivered at SendAt, not expired', async (hours) => {
    const sendAt = sim.clock.now() + hours * HOUR;
    const m = await sim
      .sdk()
      .messages.create({ messagingServiceSid: SERVICE_SID, to: PERSON, body: 'later', sendAt: new Date(sendAt), scheduleType: 'fixed' });
    await sim.clock.runUntilIdle();
    const done = await sim.sdk().messages(m.sid).fetch();
    expect(done.status).toBe('delivered');
    expect(done.dateSent!.getTime()).toBeGreaterThanOrEqual(Math.floor(sendAt / 1000) * 1000);
  });

  it('canceling disarms the release: time does not jump to the old SendAt', async () => {
    const start = sim.clock.now();
    const m = await sim.sdk().messages.create({
      messagingServiceSid: SERVICE_SID,
      to: PERSON,
      body: 'never',
      sendAt: new Date(start + 30 * 24 * HOUR),
      scheduleType: 'fixed',
    });
    await sim.sdk().messages(m.sid).update({ status: 'canceled' });
    await sim.clock.runUntilIdle();
    expect(sim.clock.now() - start).toBeLessThan(HOUR);
  });

  const ahead = (ms: number) => new Date(sim.clock.now() + ms);
  it.each([
    [() => ({ from: A, sendAt: ahead(HOUR), scheduleType: 'fixed' }), 35118],
    [() => ({ messagingServiceSid: SERVICE_SID, scheduleType: 'fixed' }), 35111],
    [() => ({ messagingServiceSid: SERVICE_SID, sendAt: ahead(HOUR), scheduleType: 'recurring' }), 35126],
    [() => ({ messagingServiceSid: SERVICE_SID, sendAt: ahead(5 * 60_000), scheduleType: 'fixed' }), 35114],
    [() => ({ messagingServiceSid: SERVICE_SID, sendAt: ahead(36 * 24 * HOUR), scheduleType: 'fixed' }), 35114],
    [() => ({ messagingServiceSid: 'MG123' }), 21705],
    [() => ({ messagingServiceSid: 'MG' + '0'.repeat(32) }), 21701],
  ])('case %# → %i', async (params, code) => {
    await expect(sim.sdk().messages.create({ to: PERSON, body: 'x', ...params() } as never)).rejects.toMatchObject({ status: 400, code });
  });
});

describe('reset is per account', () => {
  it('another account’s reset leaves this account’s messages, timers, scenarios and webhook log alone', async () => {
    const [main, second] = sim.accounts as [(typeof sim.accounts)[0], (typeof sim.accounts)[0]];
    await sim.control('POST', '/__sim/scenarios', { to: PERSON, outcome: 'undelivered', errorCode: 30005 });
    const mine = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'keep me' });
    expect((await sim.control('POST', '/__sim/reset', undefined, second)).status).toBe(200);
    await sim.clock.runUntilIdle();
    expect(await sim.sdk(main).messages(mine.sid).fetch()).toMatchObject({ status: 'undelivered', errorCode: 30005 });
    // And my own reset does clear mine.
    await sim.control('POST', '/__sim/reset');
    await expect(sim.sdk(main).messages(mine.sid).fetch()).rejects.toMatchObject({ status: 404 });
    expect((await sim.control('GET', '/__sim/scenarios')).body.scenarios.filter((s: { scope: string }) => s.scope === 'account')).toEqual(
      [],
    );
  });
});

describe('paging while deleting', () => {
  it('a purge loop (page, delete the page, next page) visits every message', async () => {
    const sids = [];
    for (let i = 0; i < 10; i++) sids.push((await sim.sdk().messages.create({ from: A, to: PERSON, body: `purge ${i}` })).sid);
    await sim.clock.runUntilIdle();
    const visited: string[] = [];
    interface Paged {
      instances: Array<{ sid: string }>;
      nextPage(): Promise<unknown> | undefined;
    }
    // (Removed through sdk.messages(sid): twilio-node 6's page instances lack the sid their remove() needs.)
    const purge = async (page: Paged): Promise<void> => {
      for (const m of page.instances) {
        visited.push(m.sid);
        await sim.sdk().messages(m.sid).remove();
      }
      const next = (await page.nextPage()) as Paged | undefined;
      if (next) await purge(next);
    };
    await purge(await sim.sdk().messages.page({ pageSize: 3 }));
    expect(visited.sort()).toEqual([...sids].sort());
  });
});

describe('the clock stays within representable dates', () => {
  let local: Simulator;
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    local = createSimulator({ clock: 'virtual' });
    app = createApp(local);
  });

  it('absurd advances and scenario delays are refused with 400, and the simulator keeps working', async () => {
    const { sid, authToken } = local.accounts[0]!;
    for (const body of [{ ms: 1e300 }, { ms: 8.7e15 }, { ms: -1 }]) {
      expect((await request(app).post('/__sim/clock/advance').auth(sid, authToken).send(body)).body).toMatchObject({
        status: 400,
        code: 20001,
      });
    }
    const scenario = await request(app)
      .post('/__sim/scenarios')
      .auth(sid, authToken)
      .send({ to: PERSON, outcome: 'slow', delayMs: 9007199254740991 });
    expect(scenario.body).toMatchObject({ status: 400, code: 20001 });
    expect(() => local.control.setScenario(PERSON, 'slow', { delayMs: 1e20 })).toThrow(/delayMs/);
    const clock = await request(app).get('/__sim/clock').auth(sid, authToken);
    expect(clock.status).toBe(200);
    expect(clock.body.now).toBe('2026-01-01T00:00:00.000Z');
    await (local.clock as VirtualClock).advance(1000);
    expect(local.clock.now()).toBe(Date.UTC(2026, 0, 1, 0, 0, 1));
  });
});

describe('message updates, as Twilio validates them', () => {
  it.each([
    ['no parameters', {}],
    ['a non-empty Body', { body: 'changed' }],
    ['Body and Status together', { body: '', status: 'canceled' }],
    ['a Status other than canceled', { status: 'delivered' }],
  ])('%s → 400 30400', async (_label, change) => {
    const m = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'original' });
    await sim.clock.runUntilIdle();
    await expect(
      sim
        .sdk()
        .messages(m.sid)
        .update(change as never),
    ).rejects.toMatchObject({ status: 400, code: 30400 });
    expect((await sim.sdk().messages(m.sid).fetch()).body).toBe('original');
  });

  it('redaction waits until the message is post-flight', async () => {
    const m = await sim.sdk().messages.create({ from: A, to: PERSON, body: 'secret' });
    await expect(sim.sdk().messages(m.sid).update({ body: '' })).rejects.toMatchObject({ code: 30400 });
    await sim.clock.advance(0);
    await sim.clock.advance(200); // sent
    expect((await sim.sdk().messages(m.sid).update({ body: '' })).body).toBe('');
  });
});

describe('media URLs', () => {
  it('more than 10 → 21623; a URL that is not http(s) → 21620', async () => {
    const urls = Array.from({ length: 11 }, (_, i) => `https://cdn.example/${i}.jpg`);
    await expect(sim.sdk().messages.create({ from: A, to: PERSON, mediaUrl: urls })).rejects.toMatchObject({ status: 400, code: 21623 });
    await expect(sim.sdk().messages.create({ from: A, to: PERSON, mediaUrl: ['not a url'] })).rejects.toMatchObject({
      status: 400,
      code: 21620,
    });
    expect((await sim.sdk().messages.create({ from: A, to: PERSON, mediaUrl: urls.slice(0, 10) })).numMedia).toBe('10');
  });
});

describe('inbound through a Messaging Service number, with a fallback URL', () => {
  it('carries MessagingServiceSid, and asks sms_fallback_url with ErrorCode/ErrorUrl when sms_url is down', async () => {
    const receiver = await new WebhookReceiver(sim.accounts[0]!.authToken).start();
    const down = await new WebhookReceiver('x').start();
    await down.stop();
    try {
      const [number] = await sim.sdk().incomingPhoneNumbers.list({ phoneNumber: '+61491570158' });
      await sim
        .sdk()
        .incomingPhoneNumbers(number!.sid)
        .update({ smsUrl: `${down.url}/sms`, smsFallbackUrl: `${receiver.url}/fallback` });
      receiver.reply('/fallback', { contentType: 'text/xml', body: '<Response><Message>From the fallback</Message></Response>' });
      const inbound = await sim.control('POST', '/__sim/messages/inbound', { from: PERSON, to: '+61491570158', body: 'hello' });
      expect(inbound.body.messaging_service_sid).toBe(SERVICE_SID);
      await sim.clock.runUntilIdle();
      const [hook] = receiver.on('/fallback');
      expect(hook!.signatureValid).toBe(true);
      expect(hook!.params).toMatchObject({
        MessagingServiceSid: SERVICE_SID,
        ErrorCode: '11205',
        ErrorUrl: `${down.url}/sms`,
        Body: 'hello',
      });
      const [reply] = await sim.sdk().messages.list({ from: '+61491570158', to: PERSON });
      expect(reply?.body).toBe('From the fallback');
    } finally {
      await receiver.stop();
    }
  });
});

describe('HEAD', () => {
  it('is answered like GET, without a body', async () => {
    const local = createSimulator({ clock: 'virtual' });
    const { sid, authToken } = local.accounts[0]!;
    const res = await request(createApp(local)).head(`/2010-04-01/Accounts/${sid}/Messages.json`).auth(sid, authToken);
    expect(res.status).toBe(200);
    expect(res.text ?? '').toBe('');
  });
});
