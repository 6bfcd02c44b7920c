// Signing in to /__sim/events by the first message, as the inspector page does: the upgrade carries no
// credentials (so no token sits in a URL that gets logged), nothing streams until the account is named, wrong
// credentials close 4401 with Twilio's code, silence closes 1008. Header sign-in keeps working alongside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';

let sim: ListeningSimulator;
const logLines: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    clock: 'virtual',
    eventsSignInTimeoutMs: 300,
    log: { format: 'json', stream: { write: (line) => logLines.push(line) } },
  });
});
afterAll(() => sim.stop());

interface Outcome {
  frames: Array<Record<string, any>>;
  close: { code: number; reason: string };
}

/** Opens the socket without credentials, sends `first` (if any) and collects frames until the server closes. */
function session(first: string | undefined, onFrame?: (frame: Record<string, any>, ws: WebSocket) => void): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/__sim/events`);
    const frames: Array<Record<string, any>> = [];
    ws.on('open', () => first !== undefined && ws.send(first));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, any>;
      frames.push(frame);
      onFrame?.(frame, ws);
    });
    ws.on('close', (code, reason) => resolve({ frames, close: { code, reason: String(reason) } }));
    ws.on('error', reject);
  });
}

const auth = (accountSid: string, authToken: string) => JSON.stringify({ type: 'auth', accountSid, authToken });

describe('/__sim/events sign-in by first message', () => {
  it('streams the account’s events once the first message names it', async () => {
    const account = sim.accounts[0]!;
    const outcome = await session(auth(account.sid, account.authToken), (frame, ws) => {
      if (frame.type === 'hello') sim.control.inbound({ from: '+61491570101', to: account.numbers[0]!, body: 'hi' });
      if (frame.type === 'message.created') ws.close(1000);
    });
    expect(outcome.frames.map((f) => f.type)).toEqual(['hello', 'message.created']);
    expect(outcome.frames[0]).toMatchObject({ accountSid: account.sid });
  });

  it('the request log keeps no auth= query value (nor any query)', async () => {
    const account = sim.accounts[0]!;
    const secret = Buffer.from(`${account.sid}:${account.authToken}`).toString('base64');
    const basic = { authorization: `Basic ${secret}` };
    expect((await fetch(`${sim.url}/__sim/clock?auth=${encodeURIComponent(secret)}`, { headers: basic })).status).toBe(200);
    const line = logLines.map((l) => JSON.parse(l) as { path: string }).find((l) => l.path === '/__sim/clock');
    expect(line).toBeDefined();
    expect(logLines.filter((l) => l.includes(secret) || l.includes(account.authToken) || l.includes('auth='))).toEqual([]);
  });

  it('wrong credentials → close 4401 with 20003 in the reason, and nothing streamed', async () => {
    const account = sim.accounts[0]!;
    const outcome = await session(auth(account.sid, 'not-the-token'));
    expect(outcome.close.code).toBe(4401);
    expect(outcome.close.reason).toMatch(/^20003/);
    expect(outcome.frames).toEqual([]);
  });

  it('a first message that is not a sign-in is refused the same way', async () => {
    for (const first of ['hello', '{"type":"subscribe"}', 'null', JSON.stringify({ type: 'auth', accountSid: 7, authToken: [] })]) {
      const outcome = await session(first);
      expect(outcome.close.code).toBe(4401);
    }
  });

  it('silence → close 1008 once the sign-in time is up', async () => {
    const outcome = await session(undefined);
    expect(outcome.close.code).toBe(1008);
    expect(outcome.close.reason).toMatch(/Sign in first/);
    expect(outcome.frames).toEqual([]);
  });

  it('events of another account never reach a signed-in client', async () => {
    const [mine, theirs] = sim.accounts;
    const outcome = await session(auth(mine!.sid, mine!.authToken), (frame, ws) => {
      if (frame.type !== 'hello') return;
      sim.controlFor(theirs!.sid).inbound({ from: '+61491570101', to: theirs!.numbers[0]!, body: 'not yours' });
      sim.control.inbound({ from: '+61491570101', to: mine!.numbers[0]!, body: 'yours' });
      // Events go out in order: had the other account's been sent, it would have arrived before this one.
      ws.on('message', (data) => String(data).includes('"yours"') && ws.close(1000));
    });
    const bodies = outcome.frames.filter((f) => f.type === 'message.created').map((f) => f.message.body);
    expect(bodies).toEqual(['yours']);
  });
});
