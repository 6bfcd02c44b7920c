// <Connect><Stream> and <Start><Stream> against a real websocket server on 127.0.0.1, on the virtual clock.
import { afterEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { decodeMulaw } from '../../simulator/voice/audio/codec.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { startAgentServer, type AgentServer } from './helpers/agent-server.js';
import { connectTwiml, type Rig, streamRig } from './helpers/stream-rig.js';

let rig: Rig;
let agent: AgentServer;

afterEach(async () => {
  rig?.stop();
  await agent?.close();
});

const media = (messages: any[]) => messages.filter((m) => m.event === 'media');

describe('<Connect><Stream>', () => {
  it('opens a signed socket and sends connected, start with the parameters, then 20 ms media frames', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    const twiml = `<Response><Connect><Stream url="${agent.wssUrl}?token=dropped"><Parameter name="campaign" value="spring"/><Parameter name="lead" value="42"/></Stream></Connect></Response>`;
    const call = await rig.call(twiml);
    const conn = await agent.nextConnection();
    const openedAt = rig.clock.now();
    await rig.clock.advance(1000);
    await conn.until((m) => media(m).length >= 50);

    // The query string is dropped and the handshake is signed over the wss:// URL Twilio would request.
    expect(conn.request.url).toBe('/agent');
    const signature = conn.request.headers['x-twilio-signature'] as string;
    const token = rig.sim.accounts[0]!.authToken;
    expect(twilio.validateRequest(token, signature, agent.wssUrl, {})).toBe(true);

    const [connected, start] = conn.messages;
    expect(connected).toEqual({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    expect(start.event).toBe('start');
    expect(start.sequenceNumber).toBe('1');
    expect(start.streamSid).toMatch(/^MZ[0-9a-f]{32}$/);
    expect(start.start).toEqual({
      accountSid: rig.accountSid,
      streamSid: start.streamSid,
      callSid: call.sid,
      tracks: ['inbound'],
      customParameters: { campaign: 'spring', lead: '42' },
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    });

    const frames = media(conn.messages);
    // One frame per 20 ms of call time since the stream opened (give or take the frame in progress).
    const elapsed = rig.clock.now() - openedAt;
    expect(Math.abs(frames.length - elapsed / 20)).toBeLessThanOrEqual(1);
    frames.forEach((frame, i) => {
      expect(frame.streamSid).toBe(start.streamSid);
      expect(frame.sequenceNumber).toBe(String(i + 2));
      expect(frame.media.chunk).toBe(String(i + 1));
      expect(frame.media.track).toBe('inbound');
      expect(Buffer.from(frame.media.payload, 'base64')).toHaveLength(160);
      if (i > 0) expect(Number(frame.media.timestamp) - Number(frames[i - 1].media.timestamp)).toBe(20);
    });
    expect(typeof frames[0].media.timestamp).toBe('string');
  });

  it("plays the callee's clips at their scripted times, silence between, and sends DTMF when the callee presses", async () => {
    rig = streamRig();
    agent = await startAgentServer();
    await rig.call(connectTwiml(agent.wssUrl), { audio: [{ atMs: 1000, clip: 'callee-hello' }], digits: [{ atMs: 1500, digits: '7' }] });
    const conn = await agent.nextConnection();
    await rig.clock.advance(2000);
    await conn.until((m) => m.some((x) => x.event === 'dtmf') && media(m).length >= 95);

    const loud = (frame: any) => {
      const pcm = decodeMulaw(new Uint8Array(Buffer.from(frame.media.payload, 'base64')));
      return pcm.some((s) => Math.abs(s) > 500);
    };
    const frames = media(conn.messages);
    const firstLoud = frames.findIndex(loud);
    // The stream opened at answer; the clip starts 1 s after answer, i.e. at frame ~50 (timestamp 1000 ms).
    expect(Number(frames[firstLoud].media.timestamp)).toBeGreaterThanOrEqual(980);
    expect(Number(frames[firstLoud].media.timestamp)).toBeLessThanOrEqual(1040);
    expect(frames.slice(0, firstLoud).every((f) => !loud(f))).toBe(true);

    const dtmf = conn.messages.find((m) => m.event === 'dtmf');
    expect(dtmf.dtmf).toEqual({ track: 'inbound_track', digit: '7' });
    // The key press arrives between the frames of 1.48 s and 1.52 s.
    const before = conn.messages[conn.messages.indexOf(dtmf) - 1];
    expect(Number(before.media.timestamp)).toBeGreaterThanOrEqual(1440);
    expect(Number(before.media.timestamp)).toBeLessThanOrEqual(1500);
    const sequence = conn.messages.slice(1).map((m) => Number(m.sequenceNumber));
    expect(sequence).toEqual(sequence.map((_, i) => i + 1));
  });

  it('sends stop and closes when the call hangs up', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    const call = await rig.call(connectTwiml(agent.wssUrl), { hangUpAfterMs: 3000 });
    const conn = await agent.nextConnection();
    await rig.clock.advance(4000);
    expect(await conn.closed).toBe(1000);
    const stop = conn.messages.at(-1);
    expect(stop).toMatchObject({
      event: 'stop',
      streamSid: conn.messages[1].streamSid,
      stop: { accountSid: rig.accountSid, callSid: call.sid },
    });
    expect(call.status).toBe('completed');
    // About 3 s of call: 150 frames.
    expect(Math.abs(media(conn.messages).length - 150)).toBeLessThanOrEqual(2);
  });

  it('continues the TwiML after the agent closes the socket', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    const call = await rig.call(connectTwiml(agent.wssUrl, '', '<Say>Back to the script</Say><Hangup/>'));
    const conn = await agent.nextConnection();
    await rig.clock.advance(500);
    await conn.until((m) => media(m).length >= 10);
    conn.socket.close(1000);
    await conn.closed;
    await rig.clock.advance(5000);
    expect(call.status).toBe('completed');
    const timeline = rig.timeline(call);
    expect(timeline.indexOf('stream-closed-by-server')).toBeLessThan(timeline.indexOf('Say'));
    expect(timeline).toContain('Hangup');
  });

  it('asks the <Connect action> for what comes next once the agent closes', async () => {
    rig = streamRig();
    agent = await startAgentServer();
    const app = await new WebhookReceiver(rig.sim.accounts[0]!.authToken).start();
    app.reply('/after-agent', {
      contentType: 'text/xml',
      body: '<Response><Say>Thanks for talking to our agent</Say><Hangup/></Response>',
    });
    try {
      const twiml = `<Response><Connect action="${app.url}/after-agent"><Stream url="${agent.wssUrl}"/></Connect><Say>never</Say></Response>`;
      const call = await rig.call(twiml);
      const conn = await agent.nextConnection();
      await conn.until((m) => m.length >= 2);
      conn.socket.close(1000);
      await conn.closed;
      await rig.clock.advance(5000);
      expect(app.on('/after-agent')).toHaveLength(1);
      expect(app.on('/after-agent')[0]!.params.CallSid).toBe(call.sid);
      expect(call.status).toBe('completed');
      expect(rig.timeline(call).filter((name) => name === 'Say')).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });
});
