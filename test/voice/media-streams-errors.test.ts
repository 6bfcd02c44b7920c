// Every way a stream goes wrong: each raises Twilio's code as an alert, and the call goes on as Twilio's does
// (a <Connect> that cannot stream moves to the next verb; warnings leave the stream running). Also: no socket
// outlives its call, its stop, or a reset.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesFor } from '../../simulator/voice/audio/codec.js';
import { startAgentServer, type AgentServer } from './helpers/agent-server.js';
import { connectTwiml, type Rig, streamRig } from './helpers/stream-rig.js';

let rig: Rig;
let agent: AgentServer | undefined;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  rig?.stop();
  await agent?.close();
  agent = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const media = (messages: any[]) => messages.filter((m) => m.event === 'media');
const AFTER = '<Say>Sorry, the agent is not available</Say><Hangup/>';

/** A <Connect> that fails with `code`: the alert is raised and the TwiML goes on to the next verb. */
async function expectConnectFails(url: string, code: number, extra = '') {
  const call = await rig.call(connectTwiml(url, extra, AFTER));
  await rig.clock.advance(10_000);
  expect(rig.alerts()).toEqual([code]);
  const timeline = rig.timeline(call);
  expect(timeline).toContain('stream-error');
  expect(timeline.indexOf('Say')).toBeGreaterThan(timeline.indexOf('stream-error'));
  expect(call.status).toBe('completed');
  expect(rig.openSockets()).toBe(0);
}

describe('stream errors that end a <Connect>', () => {
  it('31902 when the connection is refused', async () => {
    rig = streamRig();
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expectConnectFails(`wss://127.0.0.1:${port}/gone`, 31902);
  });

  it('31901 when the server never completes the handshake', async () => {
    rig = streamRig({ streams: { handshakeTimeoutMs: 150 } });
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    await expectConnectFails(`wss://127.0.0.1:${(silent.address() as AddressInfo).port}/slow`, 31901);
  });

  it('31920 when the handshake is answered with something other than 101', async () => {
    rig = streamRig();
    const http = createHttpServer((_, res) => res.writeHead(404).end('no agent here'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });
    await expectConnectFails(`wss://127.0.0.1:${(http.address() as AddressInfo).port}/missing`, 31920);
  });

  it('31922 for a ws:// URL and 31923 for a URL that does not parse', async () => {
    rig = streamRig();
    await expectConnectFails('ws://127.0.0.1:9/plain', 31922);
    rig.stop();
    rig = streamRig();
    await expectConnectFails('wss://exa mple.com:99999/x', 31923);
  });

  it('31941 for a <Connect><Stream> track other than inbound_track', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    await expectConnectFails(agent.wssUrl, 31941, ' track="both_tracks"');
    expect(agent.connections).toHaveLength(0);
  });
});

describe('warnings on a running stream (once each; the stream goes on)', () => {
  it('31950 for binary messages and 31951 for invalid ones or a wrong streamSid', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    await rig.call(connectTwiml(agent.wssUrl), { hangUpAfterMs: 2000 });
    const conn = await agent.nextConnection();
    await conn.until((m) => m.length >= 2);
    const streamSid = conn.messages[1].streamSid;
    conn.socket.send(Buffer.from([1, 2, 3]));
    conn.socket.send(Buffer.from([4, 5, 6]));
    conn.send('not json');
    conn.send({ event: 'media', streamSid: 'MZ00000000000000000000000000000000', media: { payload: 'AAAA' } });
    conn.send({ event: 'dance', streamSid });
    await rig.clock.advance(3000);
    await conn.closed;
    expect(rig.alerts()).toEqual([31950, 31951]);
    // The stream kept going to the end of the call.
    expect(media(conn.messages).length).toBeGreaterThanOrEqual(98);
    expect(conn.messages.at(-1).event).toBe('stop');
  });

  it('31931 once more than 10 minutes of agent audio is waiting to play', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    await rig.call(connectTwiml(agent.wssUrl), { hangUpAfterMs: 1000 });
    const conn = await agent.nextConnection();
    await conn.until((m) => m.length >= 2);
    const minute = Buffer.alloc(bytesFor(60_000), 0x55).toString('base64');
    for (let i = 0; i < 11; i++) conn.send({ event: 'media', streamSid: conn.messages[1].streamSid, media: { payload: minute } });
    await rig.clock.advance(2000);
    await conn.closed;
    expect(rig.alerts()).toEqual([31931]);
  });

  it('a message over the size cap closes the stream with 31924 and the TwiML goes on', async () => {
    rig = streamRig({ streams: { maxMessageBytes: 4096 } });
    agent = await startAgentServer();
    const call = await rig.call(connectTwiml(agent.wssUrl, '', AFTER));
    const conn = await agent.nextConnection();
    await conn.until((m) => m.length >= 2);
    conn.send({ event: 'media', streamSid: conn.messages[1].streamSid, media: { payload: 'A'.repeat(8192) } });
    await rig.clock.advance(6000);
    expect(rig.alerts()).toEqual([31924]);
    expect(call.status).toBe('completed');
    expect(rig.timeline(call)).toContain('Say');
  });
});

describe('no leaked sockets', () => {
  it('closes every socket on hang-up, on <Stop><Stream>, and on reset', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    const open = () => [...(agent!.connections ?? [])].filter((c) => c.socket.readyState === c.socket.OPEN).length;

    // Hang-up.
    await rig.call(connectTwiml(agent.wssUrl), { hangUpAfterMs: 500 });
    await rig.clock.advance(1000);
    await agent.connections[0]!.closed;

    // <Stop><Stream name>.
    const fork = `<Response><Start><Stream name="f" url="${agent.wssUrl}"/></Start><Pause length="1"/><Stop><Stream name="f"/></Stop><Pause length="5"/></Response>`;
    const forked = await rig.call(fork);
    await rig.clock.advance(1500);
    await agent.connections[1]!.closed;
    expect(forked.status).toBe('in-progress');

    // Reset, with three calls streaming.
    for (let i = 0; i < 3; i++) await rig.call(connectTwiml(agent.wssUrl));
    await rig.clock.advance(100);
    // Only the three <Connect> sockets are open: the hung-up and stopped ones are gone.
    expect(rig.openSockets()).toBe(3);
    expect(open()).toBe(3);
    rig.sim.reset();
    await Promise.all(agent.connections.map((c) => c.closed));
    await rig.clock.advance(0);
    expect(open()).toBe(0);
    expect(rig.openSockets()).toBe(0);
  });
});
