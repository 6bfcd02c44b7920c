// Every message the simulator sends on a stream has exactly the fields Twilio's websocket-messages page lists, as
// recorded (with sources) in contracts/expectations/media-streams.json.
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { startAgentServer, type AgentServer } from './helpers/agent-server.js';
import { connectTwiml, type Rig, streamRig } from './helpers/stream-rig.js';

const expected = JSON.parse(readFileSync(new URL('../../contracts/expectations/media-streams.json', import.meta.url), 'utf8')).fromTwilio;

let rig: Rig;
let agent: AgentServer;
afterEach(async () => {
  rig?.stop();
  await agent?.close();
});

const keys = (value: object) => Object.keys(value).sort();

it('sends connected, start, media, dtmf, mark and stop with exactly the documented fields', async () => {
  rig = streamRig();
  agent = await startAgentServer((conn) => {
    void conn
      .until((m) => m.length >= 2)
      .then(() => {
        const streamSid = conn.messages[1].streamSid;
        conn.send({ event: 'media', streamSid, media: { payload: Buffer.alloc(320, 0x10).toString('base64') } });
        conn.send({ event: 'mark', streamSid, mark: { name: 'shape' } });
      });
  });
  await rig.call(connectTwiml(agent.wssUrl), { digits: [{ atMs: 300, digits: '#' }], hangUpAfterMs: 1000 });
  const conn = await agent.nextConnection();
  await rig.clock.advance(2000);
  await conn.closed;

  const seen = new Set<string>();
  for (const message of conn.messages) {
    const spec = expected[message.event];
    expect(spec, `unexpected event ${message.event}`).toBeDefined();
    seen.add(message.event);
    expect(keys(message)).toEqual([...spec.fields].sort());
    for (const [field, list] of Object.entries(spec)) {
      if (!field.endsWith('Fields') || field === 'fields') continue;
      const inner = message[field.replace(/Fields$/, '')];
      expect(keys(inner), `${message.event}.${field}`).toEqual([...(list as string[])].sort());
    }
    if (message.event === 'connected') expect(message).toMatchObject(spec.values);
    if (message.event === 'start') expect(message.start.mediaFormat).toEqual(spec.mediaFormat);
    if (message.event === 'media') {
      for (const value of [message.sequenceNumber, message.media.chunk, message.media.timestamp]) expect(typeof value).toBe('string');
    }
    if (message.event === 'dtmf') expect(message.dtmf).toEqual({ track: 'inbound_track', digit: '#' });
  }
  expect([...seen].sort()).toEqual(['connected', 'dtmf', 'mark', 'media', 'start', 'stop']);
});
