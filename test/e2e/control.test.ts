// The control surface a test author or tool sees: the /__sim/events websocket, debugger alerts for bad sms_url
// answers, the in-process control object, and credentials taken from the environment.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadFixtures } from '../../simulator/fixtures.js';
import { createSimulator, startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { controlAt } from '../helpers/control.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { sdkAt } from '../helpers/sdk.js';

const A = '+61491570156';
const PERSON = '+61491570101';

let sim: ListeningSimulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  receiver = await new WebhookReceiver(sim.accounts[0]!.authToken).start();
});
afterAll(async () => {
  await receiver.stop();
  await sim.stop();
});
beforeEach(() => {
  sim.control.reset();
  receiver.received.length = 0;
});

const sdk = () => sdkAt(sim.url, sim.accounts[0]!.sid, sim.accounts[0]!.authToken);
const wsUrl = (account = sim.accounts[0]!) =>
  `${sim.url.replace('http', 'ws')}/__sim/events?auth=${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}`;

interface FrameLog {
  frames: Array<Record<string, any>>;
  /** Resolves once a frame matching `predicate` has arrived (frames cross a real socket after the clock settles). */
  until(predicate: (frame: Record<string, any>) => boolean): Promise<void>;
  close(): void;
}

function collect(url: string): Promise<FrameLog> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: Array<Record<string, any>> = [];
    const waiters: Array<{ predicate: (f: Record<string, any>) => boolean; done: () => void }> = [];
    const until = (predicate: (f: Record<string, any>) => boolean) =>
      frames.some(predicate) ? Promise.resolve() : new Promise<void>((done) => waiters.push({ predicate, done }));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, any>;
      frames.push(frame);
      for (const w of waiters.filter((w) => w.predicate(frame))) w.done();
      if (frames.length === 1) resolve({ frames, until, close: () => ws.close() });
    });
    ws.on('error', reject);
  });
}

describe('/__sim/events websocket', () => {
  it('streams the account’s message events and webhook attempts in order, and nothing of other accounts', async () => {
    const mine = await collect(wsUrl());
    const theirs = await collect(wsUrl(sim.accounts[1]!));
    const m = await sdk().messages.create({ from: A, to: PERSON, body: 'watch me', statusCallback: `${receiver.url}/status` });
    await sim.control.runUntilIdle();
    await mine.until((f) => f.type === 'webhook.attempt' && f.delivery.params.MessageStatus === 'delivered');
    const relevant = mine.frames.filter((f) => f.message?.sid === m.sid || f.delivery?.resourceSid === m.sid);
    expect(relevant.map((f) => (f.type === 'message.status' ? `status:${f.message.status}` : f.type))).toEqual([
      'message.created',
      'status:sending',
      'status:sent',
      'webhook.attempt',
      'status:delivered',
      'webhook.attempt',
    ]);
    expect(relevant[0]!.message).toMatchObject({ sid: m.sid, status: 'queued', num_segments: '1' });
    expect(theirs.frames.map((f) => f.type)).toEqual(['hello']);
    mine.close();
    theirs.close();
  });

  it('streams a call’s status changes in Twilio’s JSON and its timeline as it runs', async () => {
    const mine = await collect(wsUrl());
    const call = await sdk().calls.create({ from: A, to: PERSON, twiml: '<Response><Say>Hello there</Say></Response>' });
    await sim.control.runUntilIdle();
    await mine.until((f) => f.type === 'call.status' && f.call.status === 'completed');
    const statuses = mine.frames.filter((f) => f.type === 'call.status' && f.call.sid === call.sid).map((f) => f.call.status);
    expect(statuses).toEqual(['ringing', 'in-progress', 'completed']);
    const said = mine.frames.find((f) => f.type === 'call.timeline' && f.entry.name === 'Say');
    expect(said).toMatchObject({ callSid: call.sid, entry: { kind: 'verb', detail: { text: 'Hello there' } } });
    expect(mine.frames.find((f) => f.type === 'call.created')!.call).toMatchObject({
      sid: call.sid,
      status: 'queued',
      direction: 'outbound-api',
    });
    mine.close();
  });

  it('refuses a connection with wrong credentials', async () => {
    const error = await new Promise<Error>((resolve) => {
      const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/__sim/events`, { headers: { authorization: 'Basic bm9wZTpub3Bl' } });
      ws.on('error', resolve);
    });
    expect(error.message).toMatch(/401/);
  });
});

describe('answers from an sms_url', () => {
  async function inboundWith(reply: { contentType: string; body: string }) {
    const [number] = await sdk().incomingPhoneNumbers.list({ phoneNumber: A });
    await sdk()
      .incomingPhoneNumbers(number!.sid)
      .update({ smsUrl: `${receiver.url}/sms` });
    receiver.reply('/sms', reply);
    const inbound = sim.control.inbound({ from: PERSON, to: A, body: 'hello?' });
    await sim.control.runUntilIdle();
    return inbound;
  }

  it('text/plain is sent back as the reply text', async () => {
    await inboundWith({ contentType: 'text/plain', body: 'We are open 9 to 5.' });
    const [reply] = await sdk().messages.list({ from: A, to: PERSON });
    expect(reply?.body).toBe('We are open 9 to 5.');
  });

  it('TwiML that does not parse raises a 12100 alert and sends nothing', async () => {
    const inbound = await inboundWith({ contentType: 'text/xml', body: '<Response><Message>oops</Response>' });
    expect(sim.control.alerts()).toMatchObject([{ code: 12100, resourceSid: inbound.sid }]);
    expect(await sdk().messages.list({ from: A, to: PERSON })).toEqual([]);
  });

  it('an HTML answer raises a 12300 alert', async () => {
    await inboundWith({ contentType: 'text/html', body: '<html>login</html>' });
    expect(sim.control.alerts().map((a) => a.code)).toEqual([12300]);
  });

  it('a <Message> with <Body> and to/from attributes is honoured', async () => {
    await inboundWith({
      contentType: 'application/xml',
      body: `<Response><Message to="+61491570102" from="${A}"><Body>Forwarded</Body></Message><Message>Thanks</Message></Response>`,
    });
    expect((await sdk().messages.list({ to: '+61491570102' })).map((m) => m.body)).toEqual(['Forwarded']);
    expect((await sdk().messages.list({ to: PERSON, from: A })).map((m) => m.body)).toEqual(['Thanks']);
  });
});

describe('GET /__sim/webhooks', () => {
  it('?last=N answers only the newest N attempts, oldest first like the full log; a bad N is a 400', async () => {
    const m = await sdk().messages.create({ from: A, to: PERSON, body: 'twice', statusCallback: `${receiver.url}/status` });
    await sim.control.runUntilIdle();
    const get = (query: string) => controlAt(sim.url, sim.accounts[0]!, 'GET', `/__sim/webhooks?resourceSid=${m.sid}${query}`);
    const all = (await get('')).body.deliveries;
    expect(all.map((d: any) => d.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect((await get('&last=1')).body.deliveries).toEqual(all.slice(-1));
    expect(await get('&last=0')).toMatchObject({ status: 400, body: { code: 20001 } });
  });
});

describe('credentials from the environment', () => {
  it('TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN replace the default account’s, keeping its numbers', async () => {
    const env = { TWILIO_ACCOUNT_SID: 'AC' + 'ab'.repeat(16), TWILIO_AUTH_TOKEN: 'from-the-env' };
    const custom = createSimulator({ clock: 'virtual', fixtures: loadFixtures(undefined, env) });
    expect(custom.accounts[0]).toMatchObject({ sid: env.TWILIO_ACCOUNT_SID, authToken: 'from-the-env' });
    expect(custom.accounts[0]!.numbers).toContain(A);
    expect(() => loadFixtures(undefined, { TWILIO_ACCOUNT_SID: 'nope' })).toThrow(/not an account SID/);
  });
});

describe('in-process control', () => {
  it('scenarios, faults and sender rates set through sim.control behave like the HTTP ones', async () => {
    sim.control.setScenario(PERSON, 'undelivered', { errorCode: 30007 });
    sim.control.setSenderRate(A, 2);
    const first = await sdk().messages.create({ from: A, to: PERSON, body: 'a' });
    const second = await sdk().messages.create({ from: A, to: PERSON, body: 'b' });
    await sim.control.advance(500);
    expect((await sdk().messages(second.sid).fetch()).status).toBe('sending'); // 2 segments/s: 500 ms apart
    await sim.control.runUntilIdle();
    expect(await sdk().messages(first.sid).fetch()).toMatchObject({ status: 'undelivered', errorCode: 30007 });
    sim.control.addFault({ operationId: 'FetchMessage', status: 500 });
    await expect(sdk().messages(first.sid).fetch()).rejects.toMatchObject({ status: 500, code: 20500 });
    expect(() => sim.control.setSenderRate(A, 0)).toThrow(/from 0.001 to 10000/);
    // Issue 10 #9: a rate near zero was accepted and later made clock/advance answer 500.
    expect(() => sim.control.setSenderRate(A, 1e-300)).toThrow(/from 0.001 to 10000/);
  });
});

describe('requests Node itself refuses', () => {
  it('a URL over 16 KB gets a Twilio-shaped 431', async () => {
    const res = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accounts[0]!.sid}/Messages.json?To=${'9'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual({
      code: 20001,
      message: 'Request URL or headers too large',
      more_info: 'https://www.twilio.com/docs/errors/20001',
      status: 431,
    });
  });
});
