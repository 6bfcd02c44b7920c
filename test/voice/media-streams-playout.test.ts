// What the agent sends back on a <Connect><Stream>: played at real pace, marks after playback, clear, the
// recording of both sides; and the <Start><Stream> fork, the status callbacks and a TLS agent with its own CA.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { Simulator } from '../../simulator/index.js';
import { encodeMulaw } from '../../simulator/voice/audio/codec.js';
import { stereoWavToMulaw } from '../../simulator/voice/audio/wav.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { type AgentConnection, startAgentServer, type AgentServer } from './helpers/agent-server.js';
import { connectTwiml, type Rig, streamRig } from './helpers/stream-rig.js';

let rig: Rig;
let agent: AgentServer;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  rig?.stop();
  await agent?.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const media = (messages: any[]) => messages.filter((m) => m.event === 'media');
/** A recognisable agent voice (never silent, so its first byte marks where it starts in the recording). */
function agentAudio(ms: number): Uint8Array {
  const pcm = new Int16Array(ms * 8);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(Math.cos(i / 5) * 8000);
  return encodeMulaw(pcm);
}
const sendAudio = (conn: AgentConnection, audio: Uint8Array) =>
  conn.send({ event: 'media', streamSid: conn.messages[1].streamSid, media: { payload: Buffer.from(audio).toString('base64') } });
const sendMark = (conn: AgentConnection, name: string) =>
  conn.send({ event: 'mark', streamSid: conn.messages[1].streamSid, mark: { name } });

async function recording(sim: Simulator, callSid: string) {
  const account = sim.accounts[0]!;
  const out = await sim.handle({
    method: 'GET',
    path: `/__sim/calls/${callSid}/recording.wav`,
    query: new URLSearchParams(),
    headers: { authorization: `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}` },
    body: new Uint8Array(0),
  });
  expect(out.status).toBe(200);
  expect(out.headers['content-type']).toBe('audio/wav');
  return stereoWavToMulaw(out.body as Uint8Array);
}

describe("the agent's audio", () => {
  it('returns a mark only once the audio sent before it has played, and records that audio', async () => {
    rig = streamRig();
    const audio = agentAudio(1000);
    agent = await startAgentServer((conn) => {
      void conn
        .until((m) => m.length >= 2)
        .then(() => {
          sendAudio(conn, audio);
          sendMark(conn, 'greeting-done');
        });
    });
    const call = await rig.call(connectTwiml(agent.wssUrl), { hangUpAfterMs: 3000 });
    const conn = await agent.nextConnection();
    await rig.clock.advance(4000);
    await conn.closed;

    const markAt = conn.messages.findIndex((m) => m.event === 'mark');
    expect(conn.messages[markAt]).toMatchObject({ event: 'mark', streamSid: conn.messages[1].streamSid, mark: { name: 'greeting-done' } });
    // 1 s of audio is 50 frames: the mark comes after at least 50 frames of the call, and not much later.
    const framesBefore = media(conn.messages.slice(0, markAt)).length;
    expect(framesBefore).toBeGreaterThanOrEqual(50);
    expect(framesBefore).toBeLessThanOrEqual(55);

    const { left, right } = await recording(rig.sim, call.sid);
    expect(left.length).toBe(right.length);
    const start = right.findIndex((code) => code !== 0xff);
    expect(Buffer.from(right.subarray(start, start + audio.length)).equals(Buffer.from(audio))).toBe(true);
    // After the agent's second of speech the line is silent again.
    expect(right.subarray(start + audio.length).every((code) => code === 0xff)).toBe(true);
  });

  it('clear drops the buffered audio and returns every pending mark at once', async () => {
    rig = streamRig();
    agent = await startAgentServer((conn) => {
      void conn
        .until((m) => m.length >= 2)
        .then(() => {
          sendAudio(conn, agentAudio(5000));
          sendMark(conn, 'a');
          sendMark(conn, 'b');
        });
    });
    const call = await rig.call(connectTwiml(agent.wssUrl), { hangUpAfterMs: 4000 });
    const conn = await agent.nextConnection();
    await rig.clock.advance(1000);
    await conn.until((m) => media(m).length >= 50);
    expect(conn.messages.some((m) => m.event === 'mark')).toBe(false);
    conn.send({ event: 'clear', streamSid: conn.messages[1].streamSid });
    await rig.clock.advance(3500);
    await conn.closed;
    const marks = conn.messages.filter((m) => m.event === 'mark').map((m) => m.mark.name);
    expect(marks).toEqual(['a', 'b']);
    // Marks came back right after the clear, long before the 5 s of audio could have played.
    const framesBefore = media(
      conn.messages.slice(
        0,
        conn.messages.findIndex((m) => m.event === 'mark'),
      ),
    ).length;
    expect(framesBefore).toBeLessThan(70);
    const { right } = await recording(rig.sim, call.sid);
    const spoken = right.filter((code) => code !== 0xff).length;
    expect(spoken).toBeGreaterThan(8000 * 0.9);
    expect(spoken).toBeLessThan(8000 * 1.4);
  });
});

describe('<Start><Stream> (fork)', () => {
  it('sends both tracks with their own chunks, no dtmf, and warns once when the app sends bidirectional messages', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    const twiml = '<Response><Start><Stream url="URL" track="both_tracks" name="fork"/></Start><Pause length="2"/><Hangup/></Response>';
    const call = await rig.call(twiml.replace('URL', agent.wssUrl), { digits: [{ atMs: 500, digits: '5' }] });
    const conn = await agent.nextConnection();
    await conn.until((m) => m.length >= 2);
    conn.send({ event: 'mark', streamSid: conn.messages[1].streamSid, mark: { name: 'x' } });
    conn.send({ event: 'clear', streamSid: conn.messages[1].streamSid });
    await rig.clock.advance(3000);
    await conn.closed;
    expect(call.status).toBe('completed');
    expect(conn.messages[1].start.tracks).toEqual(['inbound', 'outbound']);
    expect(conn.messages.some((m) => m.event === 'dtmf' || m.event === 'mark')).toBe(false);
    for (const track of ['inbound', 'outbound']) {
      const chunks = media(conn.messages)
        .filter((m) => m.media.track === track)
        .map((m) => Number(m.media.chunk));
      expect(chunks.length).toBeGreaterThanOrEqual(95);
      expect(chunks).toEqual(chunks.map((_, i) => i + 1));
    }
    expect(conn.messages.at(-1).event).toBe('stop');
    expect(rig.alerts().filter((code) => code === 31951)).toHaveLength(1);
  });
});

describe('stream status callbacks', () => {
  it('posts signed stream-started and stream-stopped to the Stream statusCallback', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    const receiver = await new WebhookReceiver(rig.sim.accounts[0]!.authToken).start();
    cleanups.push(() => receiver.stop());
    const extra = ` name="agent" statusCallback="${receiver.url}/streams"`;
    const call = await rig.call(connectTwiml(agent.wssUrl, extra), { hangUpAfterMs: 1000 });
    const conn = await agent.nextConnection();
    await rig.clock.advance(2000);
    await conn.closed;
    await rig.clock.advance(0);
    const events = receiver.on('/streams');
    expect(events.map((e) => e.params.StreamEvent)).toEqual(['stream-started', 'stream-stopped']);
    expect(events.every((e) => e.signatureValid)).toBe(true);
    expect(events[0]!.params).toMatchObject({
      AccountSid: rig.accountSid,
      CallSid: call.sid,
      StreamSid: conn.messages[1].streamSid,
      StreamName: 'agent',
    });
  });
});

describe('a wss:// agent with a self-signed certificate', () => {
  it('is reached over TLS when its CA is given', async () => {
    const dir = new URL('../webhooks/fixtures/', import.meta.url);
    const cert = readFileSync(new URL('localhost-cert.pem', dir));
    const server = createServer({ cert, key: readFileSync(new URL('localhost-key.pem', dir)) });
    const wss = new WebSocketServer({ server });
    const got: any[] = [];
    wss.on('connection', (socket) => socket.on('message', (data) => got.push(JSON.parse(data.toString()))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    rig = streamRig({ streams: { ca: cert } });
    const port = (server.address() as AddressInfo).port;
    await rig.call(connectTwiml(`wss://localhost:${port}/tls`), { hangUpAfterMs: 500 });
    await rig.clock.advance(1000);
    expect(rig.alerts()).toEqual([]);
    expect(got[0]).toMatchObject({ event: 'connected' });
  });
});
