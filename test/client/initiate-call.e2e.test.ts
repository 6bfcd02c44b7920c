// The production client against the real simulator: initiateCall through the official SDK, the simulator's signed
// status callbacks and TwiML requests coming back through the app's webhook router as typed voice events, in
// SequenceNumber order even when the callee's callbacks arrive shuffled; hangUp and redirectCall on a live call.
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator, type VirtualClock } from '../../simulator/index.js';
import {
  createWebhookRouter,
  inSequence,
  TwilioClient,
  timeSourceFromClock,
  type VoiceStatusEvent,
  type VoiceTwiml,
  type WebhookRouter,
} from '../../src/index.js';

const FROM = '+61491570156';
const TO = '+61491570101';
const EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

let sim: ListeningSimulator;
let clock: VirtualClock;
let router: WebhookRouter;
let server: Server;
let hooksUrl: string;
let client: TwilioClient;
/** What the app answers Twilio's voice requests with (per test). */
let answer: VoiceTwiml | undefined;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  clock = sim.clock as VirtualClock;
  const account = sim.accounts[0]!;
  router = createWebhookRouter({ authToken: account.authToken, historyLimit: 100, onVoiceRequest: () => answer });
  const app = express();
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
beforeEach(() => {
  sim.simulator.reset();
  router.events.clear();
  answer = '<Response><Say>Hello</Say></Response>';
});

const statusEvents = (callSid: string) =>
  router.events.history.filter((e): e is VoiceStatusEvent => e.type !== 'voice.request' && 'callSid' in e && e.callSid === callSid);

async function setCallee(script: Record<string, unknown>): Promise<void> {
  const auth = Buffer.from(`${sim.accounts[0]!.sid}:${sim.accounts[0]!.authToken}`).toString('base64');
  const res = await fetch(`${sim.url}/__sim/callees`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: TO, ...script }),
  });
  expect(res.status).toBe(201);
}

describe('initiateCall against the simulator', () => {
  it('places the call and receives initiated → ringing → answered → completed as typed events', async () => {
    const result = await client.initiateCall({
      from: '0491 570 156',
      to: '0491 570 101',
      url: `${hooksUrl}/voice`,
      statusCallback: `${hooksUrl}/status`,
      events: [...EVENTS],
    });
    expect(result).toEqual({ callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/), status: 'queued' });
    await clock.runUntilIdle();

    const events = statusEvents(result.callSid);
    expect(events.map((e) => [e.type, e.sequenceNumber])).toEqual([
      ['voice.initiated', 0],
      ['voice.ringing', 1],
      ['voice.answered', 2],
      ['voice.completed', 3],
    ]);
    expect(events[3]).toMatchObject({ from: FROM, to: TO, callDuration: 1, duration: 1, sipResponseCode: 200 });
    const requests = router.events.history.filter((e) => e.type === 'voice.request');
    expect(requests).toEqual([expect.objectContaining({ callSid: result.callSid, callStatus: 'in-progress', direction: 'outbound-api' })]);
  });

  it('hands the events over in SequenceNumber order when the callbacks arrive shuffled', async () => {
    await setCallee({ callbackOrder: 'shuffled' });
    const ordered: VoiceStatusEvent[] = [];
    const stop = inSequence(router.events, (e) => ordered.push(e));
    try {
      const { callSid } = await client.initiateCall({
        from: FROM,
        to: TO,
        twiml: '<Response><Say>Hi</Say></Response>',
        statusCallback: `${hooksUrl}/status`,
        events: [...EVENTS],
      });
      await clock.runUntilIdle();
      // As they arrived: not in order.
      expect(statusEvents(callSid).map((e) => e.sequenceNumber)).not.toEqual([0, 1, 2, 3]);
      // As the app sees them through inSequence.
      expect(ordered.map((e) => e.type)).toEqual(['voice.initiated', 'voice.ringing', 'voice.answered', 'voice.completed']);
    } finally {
      stop();
    }
  });

  it('redirectCall gives a live call new TwiML, and hangUp ends it', async () => {
    answer = '<Response><Connect><Stream url="wss://media.example.test/agent"/></Connect></Response>';
    const { callSid } = await client.initiateCall({ from: FROM, to: TO, url: `${hooksUrl}/voice`, statusCallback: `${hooksUrl}/status` });
    await clock.advance(10_000);
    answer = '<Response><Pause length="300"/></Response>';
    expect(await client.redirectCall(callSid, { url: `${hooksUrl}/voice` })).toEqual({ callSid, status: 'in-progress' });
    await clock.advance(5_000);
    expect(router.events.history.filter((e) => e.type === 'voice.request')).toHaveLength(2);
    // Answered at 4 s, hung up at 15 s.
    await client.hangUp(callSid);
    await clock.advance(1);
    expect(statusEvents(callSid).map((e) => e.type)).toEqual(['voice.completed']);
    expect(statusEvents(callSid)[0]).toMatchObject({ callDuration: 11, duration: 1 });
  });

  it('a Gather round trip: the app’s TwiML asks for keys, the action arrives as voice.request with digits', async () => {
    await setCallee({ digits: [{ atMs: 1_500, digits: '42#' }] });
    answer = `<Response><Gather action="${hooksUrl}/menu" method="GET"><Say>Choose</Say></Gather></Response>`;
    const { callSid } = await client.initiateCall({ from: FROM, to: TO, url: `${hooksUrl}/voice` });
    await clock.advance(5_000);
    answer = '<Response><Say>Thanks</Say></Response>';
    await clock.runUntilIdle();
    const requests = router.events.history.filter((e) => e.type === 'voice.request');
    expect(requests.map((e) => e.digits)).toEqual([undefined, '42']);
    expect(requests[1]).toMatchObject({ callSid, callStatus: 'in-progress' });
  });

  it('a busy callee arrives as voice.busy', async () => {
    await setCallee({ answer: 'busy' });
    const { callSid } = await client.initiateCall({ from: FROM, to: TO, twiml: '<Response/>', statusCallback: `${hooksUrl}/status` });
    await clock.runUntilIdle();
    expect(statusEvents(callSid)).toEqual([expect.objectContaining({ type: 'voice.busy', callStatus: 'busy', sipResponseCode: 486 })]);
  });
});
