// npm run demo:call — one rehearsed call you can listen to. Starts the simulator in real time and the rehearsal
// agent, places a call with the production client, and when the call has ended writes, into demo-output/:
//   call-<CallSid>.wav            what was heard (left: the callee's script, right: the agent)
//   call-<CallSid>.timeline.json  the simulator's timeline of the call, Twilio's status callbacks, the agent's events
// Point it at your own agent instead with AGENT_WEBHOOK_URL (its Twilio voice webhook, answering Connect/Stream
// TwiML); VAPI_SERVER_URL sends the rehearsal agent's Vapi-shaped events to your server as well.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startSimulator } from '../simulator/index.js';
import { TwilioClient } from '../src/index.js';
import { startRehearsalAgent } from './agent.js';

const OUT = join(import.meta.dirname, '..', 'demo-output');
const TO = '+61491570101';
const CALLEE = {
  to: TO,
  ringMs: 1500,
  audio: [
    { atMs: 3500, clip: 'callee-hello' },
    { atMs: 8000, clip: 'callee-question' },
  ],
  digits: [{ atMs: 6000, digits: '5' }],
  hangUpAfterMs: 12_000,
};

const received: Array<{ at: string; source: 'twilio' | 'agent'; body: unknown }> = [];
let callEnded: () => void = () => undefined;
const ended = new Promise<void>((resolve) => {
  callEnded = resolve;
});
// One local receiver for both Twilio's status callbacks (form) and the agent's events (JSON).
const hooks = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    if (req.url?.startsWith('/twilio')) {
      const params = Object.fromEntries(new URLSearchParams(text));
      received.push({ at: new Date().toISOString(), source: 'twilio', body: params });
      console.log(`  twilio  ${params.CallStatus}`);
      if (params.CallStatus === 'completed') setTimeout(callEnded, 500);
    } else {
      const message = JSON.parse(text).message;
      received.push({ at: new Date().toISOString(), source: 'agent', body: message });
      console.log(
        `  agent   ${message.type}${message.transcript ? `: ${message.transcript}` : message.status ? `: ${message.status}` : ''}`,
      );
    }
    res.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
const hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;

const sim = await startSimulator({ port: 0, clock: 'real' });
const account = sim.accounts[0]!;
const agent = process.env.AGENT_WEBHOOK_URL
  ? null
  : await startRehearsalAgent({ serverUrl: process.env.VAPI_SERVER_URL ?? `${hooksUrl}/agent` });
const webhook = process.env.AGENT_WEBHOOK_URL ?? agent!.webhookUrl;
const auth = `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}`;
await fetch(`${sim.url}/__sim/callees`, {
  method: 'POST',
  headers: { authorization: auth, 'content-type': 'application/json' },
  body: JSON.stringify(CALLEE),
});

console.log(`simulator ${sim.url} (real time) → agent webhook ${webhook}`);
const client = new TwilioClient({ accountSid: account.sid, authToken: account.authToken, baseUrl: sim.url });
const { callSid } = await client.initiateCall({
  from: '0491 570 156',
  to: '0491 570 101',
  url: webhook,
  statusCallback: `${hooksUrl}/twilio`,
  events: ['initiated', 'ringing', 'answered', 'completed'],
});
console.log(`calling ${TO}: ${callSid} (about 15 s)`);
const guard = setTimeout(() => {
  console.error('demo: the call did not end within 60 s');
  process.exit(1);
}, 60_000);
await ended;
clearTimeout(guard);

mkdirSync(OUT, { recursive: true });
const wav = await fetch(`${sim.url}/__sim/calls/${callSid}/recording.wav`, { headers: { authorization: auth } });
const timeline = await fetch(`${sim.url}/__sim/calls/${callSid}/timeline`, { headers: { authorization: auth } });
const wavPath = join(OUT, `call-${callSid}.wav`);
const timelinePath = join(OUT, `call-${callSid}.timeline.json`);
if (wav.ok) writeFileSync(wavPath, new Uint8Array(await wav.arrayBuffer()));
writeFileSync(timelinePath, JSON.stringify({ simulator: await timeline.json(), received, agent: agent?.log ?? null }, null, 2));
console.log(wav.ok ? `wrote ${wavPath}` : `no recording (${wav.status}): did the agent open a stream?`);
console.log(`wrote ${timelinePath}`);

await agent?.close();
await sim.stop();
hooks.closeAllConnections();
hooks.close();
