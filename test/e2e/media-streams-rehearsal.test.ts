// The whole rehearsal, end to end on the virtual clock: the production client places a call through the
// simulator's REST API to the rehearsal agent's webhook; the simulator streams the callee's script to the agent,
// which greets, answers the caller's turn and key press, and reports Vapi-shaped events to its server URL while
// Twilio's status callbacks reach the app. Both arrive, each in its order.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type RehearsalAgent, startRehearsalAgent } from '../../rehearsal/agent.js';
import { startSimulator, type ListeningSimulator, type VirtualClock } from '../../simulator/index.js';
import { stereoWavToMulaw } from '../../simulator/voice/audio/wav.js';
import { TwilioClient } from '../../src/index.js';
import { drivenClockTime } from '../client/helpers/driven-clock-time.js';
import { WebhookReceiver } from '../helpers/receiver.js';

const TO = '+61491570101';

let sim: ListeningSimulator;
let clock: VirtualClock;
let agent: RehearsalAgent;
let twilioHooks: WebhookReceiver;
let vapiServer: Server;
let vapiEvents: any[];
let reportArrived: () => void;
let report: Promise<void>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  clock = sim.clock as VirtualClock;
  twilioHooks = await new WebhookReceiver(sim.accounts[0]!.authToken).start();
  vapiServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      vapiEvents.push(event.message);
      res.writeHead(200).end();
      if (event.message.type === 'end-of-call-report') reportArrived();
    });
  });
  await new Promise<void>((resolve) => vapiServer.listen(0, '127.0.0.1', resolve));
  agent = await startRehearsalAgent({ serverUrl: `http://127.0.0.1:${(vapiServer.address() as AddressInfo).port}/vapi` });
});
afterAll(async () => {
  await agent.close();
  await twilioHooks.stop();
  vapiServer.closeAllConnections();
  await new Promise<void>((resolve) => vapiServer.close(() => resolve()));
  await sim.stop();
});
beforeEach(async () => {
  sim.simulator.reset();
  twilioHooks.received.length = 0;
  vapiEvents = [];
  report = new Promise((resolve) => {
    reportArrived = resolve;
  });
  const account = sim.accounts[0]!;
  const response = await fetch(`${sim.url}/__sim/callees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`${account.sid}:${account.authToken}`)}` },
    body: JSON.stringify({
      to: TO,
      ringMs: 2000,
      audio: [{ atMs: 3000, clip: 'callee-hello' }],
      digits: [{ atMs: 6000, digits: '5' }],
      hangUpAfterMs: 9000,
    }),
  });
  expect(response.status).toBe(201);
});

const client = () =>
  new TwilioClient({
    accountSid: sim.accounts[0]!.sid,
    authToken: sim.accounts[0]!.authToken,
    baseUrl: sim.url,
    timeSource: drivenClockTime(clock),
  });

async function rehearse(instructions: { url: string } | { twiml: string }) {
  const { callSid } = await client().initiateCall({
    from: '0491 570 156',
    to: '0491 570 101',
    ...instructions,
    statusCallback: `${twilioHooks.url}/status`,
    events: ['initiated', 'ringing', 'answered', 'completed'],
  });
  await clock.runUntilIdle();
  await report;
  return callSid;
}

it('initiateCall to the agent webhook: Twilio callbacks and Vapi events both arrive in order, and the call is recorded', async () => {
  const callSid = await rehearse({ url: agent.webhookUrl });

  const status = twilioHooks.on('/status');
  expect(status.map((r) => r.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
  expect(status.map((r) => r.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
  expect(status.every((r) => r.signatureValid && r.params.CallSid === callSid)).toBe(true);

  expect(vapiEvents.every((e) => e.call.phoneCallProviderId === callSid)).toBe(true);
  expect(vapiEvents.map((e) => [e.type, e.status ?? e.role ?? e.endedReason])).toEqual([
    ['status-update', 'in-progress'],
    ['transcript', 'assistant'],
    ['transcript', 'user'],
    ['transcript', 'assistant'],
    ['transcript', 'user'],
    ['transcript', 'assistant'],
    ['status-update', 'ended'],
    ['end-of-call-report', 'customer-ended-call'],
  ]);
  expect(vapiEvents[2].transcript).toMatch(/^\[caller spoke for \d\.\d s\]$/);
  expect(vapiEvents[4].transcript).toBe('[pressed 5]');
  expect(vapiEvents.at(-1).artifact.messages).toHaveLength(5);

  // The recording has both voices: the callee's clip on the left, the agent's three utterances on the right.
  const account = sim.accounts[0]!;
  const wav = await fetch(`${sim.url}/__sim/calls/${callSid}/recording.wav`, {
    headers: { authorization: `Basic ${btoa(`${account.sid}:${account.authToken}`)}` },
  });
  expect(wav.headers.get('content-type')).toBe('audio/wav');
  const { left, right } = stereoWavToMulaw(new Uint8Array(await wav.arrayBuffer()));
  expect(left.length / 8000).toBeGreaterThan(8.5);
  expect(left.some((code) => code !== 0xff)).toBe(true);
  // About 2.8 s of agent clips, minus their quietest edges (which encode as silence).
  expect(right.filter((code) => code !== 0xff).length / 8000).toBeGreaterThan(1.5);
});

it('the provider-bypass flow: initiateCall({ twiml }) with the TwiML the agent hands out', async () => {
  const callSid = await rehearse({ twiml: agent.twiml({ lead: '42' }) });
  expect(twilioHooks.on('/status').map((r) => r.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
  expect(vapiEvents[0]).toMatchObject({ type: 'status-update', status: 'in-progress', call: { phoneCallProviderId: callSid } });
  expect(vapiEvents.at(-1).type).toBe('end-of-call-report');
});

it('barge-in: the caller talking over the greeting makes the agent clear its audio', async () => {
  const account = sim.accounts[0]!;
  await fetch(`${sim.url}/__sim/callees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`${account.sid}:${account.authToken}`)}` },
    body: JSON.stringify({ to: TO, ringMs: 1000, audio: [{ atMs: 400, clip: 'callee-question' }], hangUpAfterMs: 4000 }),
  });
  const callSid = await rehearse({ url: agent.webhookUrl });
  const types = vapiEvents.map((e) => e.type);
  expect(types).toContain('user-interrupted');
  expect(types.indexOf('user-interrupted')).toBeGreaterThan(types.indexOf('transcript'));
  const said = agent.log.filter((l) => l.callSid === callSid).map((l) => l.what);
  expect(said).toContain('barge-in: clear');
  // The greeting's mark came back with the clear, before the greeting could have finished playing.
  expect(said.indexOf('barge-in: clear')).toBeLessThan(said.findIndex((w) => w.startsWith('mark agent-greeting')));
});
