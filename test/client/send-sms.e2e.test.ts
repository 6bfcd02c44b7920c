// The production client against the real simulator: only baseUrl differs from production. sendSms goes through
// the official SDK to the simulator, whose signed status callbacks come back through the app's webhook router
// as typed events.
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator, type VirtualClock } from '../../simulator/index.js';
import { createWebhookRouter, TwilioApiError, TwilioClient, timeSourceFromClock, type WebhookRouter } from '../../src/index.js';

let sim: ListeningSimulator;
let clock: VirtualClock;
let app: express.Express;
let router: WebhookRouter;
let server: Server;
let hooksUrl: string;
let client: TwilioClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  clock = sim.clock as VirtualClock;
  const account = sim.accounts[0]!;
  router = createWebhookRouter({ authToken: account.authToken, historyLimit: 100 });
  app = express();
  app.use('/twilio', router);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  hooksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/twilio`;
  client = new TwilioClient({
    accountSid: account.sid,
    authToken: account.authToken,
    baseUrl: sim.url,
    timeSource: timeSourceFromClock(clock),
  });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await sim.stop();
});
beforeEach(async () => {
  sim.simulator.reset();
  router.events.clear();
});

describe('TwilioClient against the simulator', () => {
  it('sendSms (AU national format) → typed sms.sent then sms.delivered events through the webhook router', async () => {
    const result = await client.sendSms({
      from: '0491 570 156',
      to: '0491 570 101',
      body: 'Your order shipped',
      statusCallback: `${hooksUrl}/status`,
    });
    expect(result).toEqual({ messageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued', segments: 1 });

    await clock.runUntilIdle();
    const events = router.events.history.filter((e) => 'messageSid' in e && e.messageSid === result.messageSid);
    expect(events.map((e) => e.type)).toEqual(['sms.sent', 'sms.delivered']);
    expect(events[1]).toMatchObject({ from: '+61491570156', to: '+61491570101', status: 'delivered' });

    const fetched = await client.fetchMessage(result.messageSid);
    expect(fetched).toMatchObject({ status: 'delivered', price: expect.anything(), priceUnit: 'AUD' });
  });

  it('sends through a Messaging Service: accepted, then queued and delivered from the pool number', async () => {
    const result = await client.sendSms({
      messagingServiceSid: 'MG8c2e4a6b0d1f3a5c7e9b2d4f6a8c0e1b',
      to: '0491 570 103',
      body: 'via the service',
      statusCallback: `${hooksUrl}/status`,
    });
    expect(result.status).toBe('accepted');
    await clock.runUntilIdle();
    const events = router.events.history.filter((e) => 'messageSid' in e && e.messageSid === result.messageSid).map((e) => e.type);
    expect(events).toEqual(['sms.status', 'sms.sent', 'sms.delivered']); // queued is reported for service messages
    expect(await client.fetchMessage(result.messageSid)).toMatchObject({ from: '+61491570158', status: 'delivered' });
    await expect(client.sendSms({ to: '0491 570 103', body: 'no sender' })).rejects.toThrow(/from or messagingServiceSid/);
  });

  it('an undelivered message arrives as sms.failed with the numeric error code', async () => {
    const result = await client.sendSms({ from: '+61491570156', to: '+61491570110', body: 'x', statusCallback: `${hooksUrl}/status` });
    await clock.runUntilIdle();
    const failed = router.events.history.find((e) => e.type === 'sms.failed');
    expect(failed).toMatchObject({ type: 'sms.failed', messageSid: result.messageSid, status: 'undelivered', errorCode: 30003 });
  });

  it('inbound SMS to a number pointed at the router arrives as sms.received', async () => {
    const [number] = await client.sdk.incomingPhoneNumbers.list({ phoneNumber: '+61491570157' });
    await client.sdk.incomingPhoneNumbers(number!.sid).update({ smsUrl: `${hooksUrl}/sms` });
    const auth = { username: sim.accounts[0]!.sid, password: sim.accounts[0]!.authToken };
    await fetch(`${sim.url}/__sim/messages/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`${auth.username}:${auth.password}`)}` },
      body: JSON.stringify({ from: '+61491570101', to: '+61491570157', body: 'Is my order here?' }),
    });
    await clock.runUntilIdle();
    expect(router.events.history.find((e) => e.type === 'sms.received')).toMatchObject({ from: '+61491570101', body: 'Is my order here?' });
  });

  it('Twilio errors surface as TwilioApiError with Twilio’s code (magic number 21211)', async () => {
    const error = await client.sendSms({ from: '+15005550006', to: '+15005550001', body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioApiError);
    expect(error).toMatchObject({ code: 21211, status: 400 });
  });

  it('client-side pacing: the second send from one number waits a full second of (virtual) time', async () => {
    await client.sendSms({ from: '+61491570156', to: '+61491570102', body: 'one' });
    let secondDone = false;
    const second = client.sendSms({ from: '+61491570156', to: '+61491570102', body: 'two' }).then(() => (secondDone = true));
    await clock.advance(999);
    expect(secondDone).toBe(false);
    await clock.advance(1);
    await second;
    expect(secondDone).toBe(true);
  });

  it('retries a 429 from Twilio (honouring Retry-After on the virtual clock) and sends exactly once', async () => {
    const account = sim.accounts[0]!;
    await fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`${account.sid}:${account.authToken}`)}` },
      body: JSON.stringify({ operationId: 'CreateMessage', status: 429, times: 2, retryAfter: 1 }),
    });
    // The client sleeps on the simulator's clock; each time it schedules a retry, move time by exactly that wait.
    const waits: number[] = [];
    const retrying = new TwilioClient({
      accountSid: account.sid,
      authToken: account.authToken,
      baseUrl: sim.url,
      timeSource: timeSourceFromClock(clock),
      retry: {
        onRetry: ({ delayMs }) => {
          waits.push(delayMs);
          void clock.advance(delayMs);
        },
      },
    });
    const result = await retrying.sendSms({ from: '+61491570157', to: '+61491570105', body: 'eventually' });
    expect(waits).toEqual([1000, 1000]);
    expect(result.status).toBe('queued');
    expect((await client.sdk.messages.list({ to: '+61491570105' })).map((m) => m.sid)).toEqual([result.messageSid]);
  });

  it('a forged signature is rejected with 403 and produces no event; the genuine one is accepted', async () => {
    const url = `${hooksUrl}/status`;
    const params = {
      MessageSid: 'SM' + 'f'.repeat(32),
      MessageStatus: 'delivered',
      AccountSid: sim.accounts[0]!.sid,
      From: '+61491570156',
      To: '+61491570101',
    };
    const post = (signature: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params),
      });
    expect((await post(twilio.getExpectedTwilioSignature('not-the-auth-token', url, params))).status).toBe(403);
    expect(router.events.history).toHaveLength(0);
    expect((await post(twilio.getExpectedTwilioSignature(sim.accounts[0]!.authToken, url, params))).status).toBe(200);
    expect(router.events.history.map((e) => e.type)).toEqual(['sms.delivered']);
  });
});
