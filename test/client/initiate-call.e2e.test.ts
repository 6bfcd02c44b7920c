// initiateCall, hangUp and redirectCall through the production client against the simulator's Calls API: only
// baseUrl differs from production. The simulator's signed voice requests and status callbacks come back through the
// app's webhook router, which answers the TwiML. Everything runs on the simulator's virtual clock.
import express from 'express';
import twilio from 'twilio';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator, type VirtualClock } from '../../simulator/index.js';
import {
  createWebhookRouter,
  inSequence,
  isCallEnded,
  TwilioApiError,
  TwilioClient,
  type VoiceTwiml,
  type VoiceRequestEvent,
  type VoiceStatusEvent,
  type WebhookRouter,
} from '../../src/index.js';
import { drivenClockTime, type DrivenClockTime } from './helpers/driven-clock-time.js';

const FROM = '+61491570156';
const TO = '+61491570101';

let sim: ListeningSimulator;
let clock: VirtualClock;
let router: WebhookRouter;
let server: Server;
let hooksUrl: string;
let time: DrivenClockTime;
let twiml: VoiceTwiml;
let account: ListeningSimulator['accounts'][number];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  clock = sim.clock as VirtualClock;
  account = sim.accounts[0]!;
  router = createWebhookRouter({ authToken: account.authToken, historyLimit: 200, onVoiceRequest: () => twiml });
  const app = express().use('/twilio', router);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  hooksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/twilio`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await sim.stop();
});
beforeEach(() => {
  sim.simulator.reset();
  router.events.clear();
  time = drivenClockTime(clock);
  twiml = '<Response><Say>Hello from the agent</Say><Hangup/></Response>';
});

const client = () => new TwilioClient({ accountSid: account.sid, authToken: account.authToken, baseUrl: sim.url, timeSource: time });

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sim.url}/__sim${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`${account.sid}:${account.authToken}`)}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

/** The verbs the simulator ran on a call, from its timeline: what the caller heard. */
async function verbs(callSid: string): Promise<string[]> {
  const { timeline } = await control('GET', `/calls/${callSid}/timeline`);
  return timeline.filter((e: any) => e.kind === 'verb').map((e: any) => `${e.name}${e.detail?.text ? `: ${e.detail.text}` : ''}`);
}

const statusEvents = (callSid: string) =>
  router.events.history
    .filter(
      (e): e is VoiceStatusEvent => e.type.startsWith('voice.') && e.type !== 'voice.request' && 'callSid' in e && e.callSid === callSid,
    )
    .sort((a, b) => (a.sequenceNumber ?? 0) - (b.sequenceNumber ?? 0));
const voiceRequests = (callSid: string) =>
  router.events.history.filter((e): e is VoiceRequestEvent => e.type === 'voice.request' && e.callSid === callSid);

const place = (extra: object = {}) =>
  client().initiateCall({
    from: '0491 570 156',
    to: '0491 570 101',
    url: `${hooksUrl}/voice`,
    statusCallback: `${hooksUrl}/status`,
    events: ['initiated', 'ringing', 'answered', 'completed'],
    ...extra,
  });

describe('initiateCall against the simulator', () => {
  it('places the call, answers its voice request with the app’s TwiML, and reports every step in order', async () => {
    const { callSid, status } = await place();
    expect(callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(status).toBe('queued');

    await clock.runUntilIdle();
    expect(statusEvents(callSid).map((e) => [e.type, e.sequenceNumber])).toEqual([
      ['voice.initiated', 0],
      ['voice.ringing', 1],
      ['voice.answered', 2],
      ['voice.completed', 3],
    ]);
    expect(voiceRequests(callSid)).toEqual([
      expect.objectContaining({ callStatus: 'in-progress', direction: 'outbound-api', from: FROM, to: TO }),
    ]);
    expect(await verbs(callSid)).toEqual(['Say: Hello from the agent', 'Hangup']);
    const completed = statusEvents(callSid).at(-1)!;
    expect(isCallEnded(completed)).toBe(true);
    expect(completed).toMatchObject({ callStatus: 'completed', duration: expect.any(Number), callDuration: expect.any(Number) });
  });

  it.each([
    ['busy', { answer: 'busy' }, 'voice.busy'],
    ['no-answer', { answer: 'no-answer' }, 'voice.no-answer'],
    ['failed', { answer: 'failed' }, 'voice.failed'],
  ])('reports a %s callee with its own event type, and isCallEnded matches it', async (_label, script, type) => {
    await control('POST', '/callees', { to: TO, ...script });
    const { callSid } = await place({ timeout: 10 });
    await clock.runUntilIdle();

    const ended = statusEvents(callSid).filter(isCallEnded);
    expect(ended.map((e) => e.type)).toEqual([type]);
    expect(voiceRequests(callSid)).toEqual([]);
  });

  it('gives sorted callbacks even when the simulator delivers them shuffled', async () => {
    await control('POST', '/callees', { to: TO, callbackOrder: 'shuffled' });
    const { callSid } = await place();
    await clock.runUntilIdle();
    expect(statusEvents(callSid).map((e) => e.type)).toEqual(['voice.initiated', 'voice.ringing', 'voice.answered', 'voice.completed']);
  });

  it('sends TwiML given up front instead of a URL, as a twilio-node VoiceResponse', async () => {
    const inline = new twilio.twiml.VoiceResponse();
    inline.say('Inline');
    const { callSid } = await client().initiateCall({
      from: FROM,
      to: TO,
      twiml: inline,
      statusCallback: `${hooksUrl}/status`,
    });
    await clock.runUntilIdle();
    expect(voiceRequests(callSid)).toEqual([]);
    expect(await verbs(callSid)).toEqual(['Say: Inline']);
    expect(statusEvents(callSid).map((e) => e.type)).toEqual(['voice.completed']);
  });

  it('paces calls from one number 1 s apart on the simulator’s clock', async () => {
    const c = client();
    await c.initiateCall({ from: FROM, to: TO, twiml: '<Response/>' });
    await c.initiateCall({ from: FROM, to: '+61491570102', twiml: '<Response/>' });
    expect(time.waits).toEqual([1000]);
  });

  it('passes Twilio’s refusal on as TwilioApiError (a From the account does not own: 21210)', async () => {
    const err = await client()
      .initiateCall({ from: '+61491570150', to: TO, twiml: '<Response/>' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwilioApiError);
    expect(err).toMatchObject({ status: 400, code: 21210 });
  });
});

describe('hangUp and redirectCall against the simulator', () => {
  async function liveCall(): Promise<string> {
    const pause = new twilio.twiml.VoiceResponse();
    pause.pause({ length: 60 });
    twiml = pause; // the router answers the voice request with this VoiceResponse
    const { callSid } = await place();
    await clock.advance(10_000); // dialled, rung and answered; now pausing
    expect(statusEvents(callSid).map((e) => e.type)).toContain('voice.answered');
    return callSid;
  }

  it('hangs up a call in progress: it ends at once as completed', async () => {
    const callSid = await liveCall();
    expect(await client().hangUp(callSid)).toEqual({ callSid, status: 'completed' });
    await clock.runUntilIdle();
    const ended = statusEvents(callSid).filter(isCallEnded);
    expect(ended).toEqual([expect.objectContaining({ type: 'voice.completed' })]);
    expect(ended[0]!.callDuration).toBeLessThan(60);
  });

  it('redirects a call in progress to new TwiML, which cuts the pause short', async () => {
    const callSid = await liveCall();
    expect(await client().redirectCall(callSid, { twiml: '<Response><Say>Moving on</Say></Response>' })).toMatchObject({ callSid });
    await clock.runUntilIdle();
    expect(await verbs(callSid)).toEqual(['Pause', 'Say: Moving on']);
    expect(statusEvents(callSid).filter(isCallEnded)[0]!.callDuration).toBeLessThan(60);
  });

  it('refuses to redirect a call that has ended (21220)', async () => {
    const callSid = await liveCall();
    await client().hangUp(callSid);
    const err = await client()
      .redirectCall(callSid, { url: `${hooksUrl}/voice` })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwilioApiError);
    expect(err).toMatchObject({ code: 21220 });
  });
});

describe('call events in order, and a Gather round trip, through the production API', () => {
  /** As they arrived at the router, not sorted. */
  const arrived = (callSid: string) =>
    router.events.history.filter(
      (e): e is VoiceStatusEvent => e.type.startsWith('voice.') && e.type !== 'voice.request' && 'callSid' in e && e.callSid === callSid,
    );

  it('inSequence hands shuffled callbacks to the app in SequenceNumber order', async () => {
    await control('POST', '/callees', { to: TO, callbackOrder: 'shuffled' });
    const ordered: VoiceStatusEvent[] = [];
    const stop = inSequence(router.events, (e) => ordered.push(e));
    try {
      const { callSid } = await place();
      await clock.runUntilIdle();
      expect(arrived(callSid).map((e) => e.sequenceNumber)).not.toEqual([0, 1, 2, 3]);
      expect(ordered.map((e) => [e.type, e.sequenceNumber])).toEqual([
        ['voice.initiated', 0],
        ['voice.ringing', 1],
        ['voice.answered', 2],
        ['voice.completed', 3],
      ]);
    } finally {
      stop();
    }
  });

  it('the app’s TwiML asks for keys; the Gather action arrives as a voice.request with the digits', async () => {
    await control('POST', '/callees', { to: TO, digits: [{ atMs: 1_500, digits: '42#' }] });
    twiml = `<Response><Gather action="${hooksUrl}/menu" method="GET"><Say>Choose</Say></Gather></Response>`;
    const { callSid } = await place();
    await clock.advance(5_000); // answered at 4 s: the Gather is listening
    twiml = '<Response><Say>Thanks</Say></Response>';
    await clock.runUntilIdle();
    expect(voiceRequests(callSid).map((e) => e.digits)).toEqual([undefined, '42']);
    expect(await verbs(callSid)).toEqual(['Gather', 'Say: Choose', 'Gather ended', 'Say: Thanks']);
  });
});
