// initiateCall, hangUp and redirectCall up to the wire: the checks made before any request, the parameters the SDK
// sends, pacing lanes and the retry rule. A recording stand-in answers for Twilio, since the simulator has no
// Calls API yet; the end-to-end path through the simulator comes with it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import {
  InvalidPhoneNumberError,
  RequestOutcomeUnknownError,
  TwilioApiError,
  TwilioClient,
  type TwilioClientOptions,
} from '../../src/index.js';
import { startFakeTwilio, type FakeTwilio } from './helpers/fake-twilio.js';
import { autoAdvancingTime } from './helpers/manual-time.js';

const ACCOUNT = 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10';
const FROM = '+61491570156';
const TO = '+61491570101';
const CALL = 'CA0123456789abcdef0123456789abcdef';
const HOOK = 'https://app.example.test/voice';

let fake: FakeTwilio;
let time: ReturnType<typeof autoAdvancingTime>;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests = [];
  fake.answer = undefined;
  time = autoAdvancingTime(1_000_000);
});

const client = (extra: Partial<TwilioClientOptions> = {}) =>
  new TwilioClient({ accountSid: ACCOUNT, authToken: 'token', baseUrl: fake.url, timeSource: time, ...extra });
const calls = () => fake.requests.filter((r) => r.path.endsWith('/Calls.json'));

describe('initiateCall', () => {
  it('normalises both numbers and sends url, callback events, detection and timeout as Twilio names them', async () => {
    const result = await client().initiateCall({
      from: '0491 570 156',
      to: '+61 (0)491 570 101',
      url: HOOK,
      statusCallback: 'https://app.example.test/status',
      events: ['initiated', 'ringing', 'answered', 'completed'],
      machineDetection: 'Enable',
      timeout: 25,
    });

    expect(result).toEqual({ callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/), status: 'queued' });
    expect(calls()).toEqual([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${ACCOUNT}/Calls.json`,
        form: {
          From: [FROM],
          To: [TO],
          Url: [HOOK],
          StatusCallback: ['https://app.example.test/status'],
          StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          MachineDetection: ['Enable'],
          Timeout: ['25'],
        },
      },
    ]);
  });

  it('sends TwiML given as a string or as a twilio-node VoiceResponse', async () => {
    const response = new twilio.twiml.VoiceResponse();
    response.connect().stream({ url: 'wss://agent.example.test/stream' });
    await client().initiateCall({ from: FROM, to: TO, twiml: response });
    await client().initiateCall({ from: FROM, to: TO, twiml: '<Response><Say>Hi</Say></Response>' });

    expect(calls().map((r) => r.form.Twiml)).toEqual([[response.toString()], ['<Response><Say>Hi</Say></Response>']]);
    expect(response.toString()).toContain('<Connect><Stream url="wss://agent.example.test/stream"/></Connect>');
  });

  it.each([
    ['an invalid to', { from: FROM, to: 'call me maybe' }],
    ['an invalid from', { from: '12', to: TO }],
    ['an alphanumeric from (sender IDs cannot call)', { from: 'MyShop', to: TO }],
  ])('refuses %s with InvalidPhoneNumberError and no request', async (_label, numbers) => {
    const err = await client()
      .initiateCall({ ...numbers, url: HOOK })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidPhoneNumberError);
    expect(fake.requests).toEqual([]);
  });

  it.each([
    ['neither url nor twiml', {}],
    ['both url and twiml', { url: HOOK, twiml: '<Response/>' }],
    ['a relative url', { url: '/voice' }],
    ['events without a statusCallback', { url: HOOK, events: ['completed'] }],
    ['an unknown event', { url: HOOK, statusCallback: HOOK, events: ['answered', 'hungup'] }],
  ])('refuses %s with a TypeError and no request', async (_label, rest) => {
    const err = await client()
      .initiateCall({ from: FROM, to: TO, ...(rest as object) } as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(fake.requests).toEqual([]);
  });

  it.each([0, 601, 2.5])('refuses timeout %s with a RangeError and no request', async (timeout) => {
    await expect(client().initiateCall({ from: FROM, to: TO, url: HOOK, timeout })).rejects.toBeInstanceOf(RangeError);
    expect(fake.requests).toEqual([]);
  });

  it('refuses TwiML over Twilio’s 4000 characters before sending it', async () => {
    const twiml = `<Response><Say>${'a'.repeat(4000)}</Say></Response>`;
    await expect(client().initiateCall({ from: FROM, to: TO, twiml })).rejects.toBeInstanceOf(RangeError);
    expect(fake.requests).toEqual([]);
  });

  it('starts calls from one number 1 s apart, in a lane of their own: an SMS from that number does not wait', async () => {
    const c = client();
    await c.initiateCall({ from: FROM, to: TO, url: HOOK });
    await c.sendSms({ from: FROM, to: TO, body: 'texting while calling' });
    await c.initiateCall({ from: '+61491570157', to: TO, url: HOOK });
    expect(time.sleeps).toEqual([]);
    await c.initiateCall({ from: '0491 570 156', to: '+61491570102', url: HOOK });
    expect(time.sleeps).toEqual([1000]);
    expect(fake.requests.map((r) => r.path.split('/').pop())).toEqual(['Calls.json', 'Messages.json', 'Calls.json', 'Calls.json']);
  });

  it('honours a configured call interval', async () => {
    const c = client({ pacing: { callIntervalMs: 200 } });
    await c.initiateCall({ from: FROM, to: TO, url: HOOK });
    await c.initiateCall({ from: FROM, to: TO, url: HOOK });
    expect(time.sleeps).toEqual([200]);
  });

  it('retries a 429 but never a call whose outcome is unknown (500): the person is not rung twice', async () => {
    let n = 0;
    fake.answer = () => (++n === 1 ? { status: 429, body: { code: 20429, message: 'Too many requests', status: 429 } } : undefined);
    const placed = await client({ retry: { random: () => 0.5 } }).initiateCall({ from: FROM, to: TO, url: HOOK });
    expect(placed.status).toBe('queued');
    expect(calls()).toHaveLength(2);

    fake.requests = [];
    fake.answer = () => ({ status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } });
    const err = await client()
      .initiateCall({ from: FROM, to: TO, url: HOOK })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestOutcomeUnknownError);
    expect(calls()).toHaveLength(1);
  });
});

describe('hangUp and redirectCall', () => {
  it('hangs up with Status=completed', async () => {
    expect(await client().hangUp(CALL)).toEqual({ callSid: CALL, status: 'completed' });
    expect(fake.requests).toEqual([
      { method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT}/Calls/${CALL}.json`, form: { Status: ['completed'] } },
    ]);
  });

  it('retries a hang-up whose outcome is unknown (hanging up twice ends the call once)', async () => {
    let n = 0;
    fake.answer = () => (++n === 1 ? { status: 502, body: { message: 'Bad Gateway', status: 502 } } : undefined);
    expect(await client({ retry: { random: () => 0 } }).hangUp(CALL)).toMatchObject({ status: 'completed' });
    expect(fake.requests).toHaveLength(2);
  });

  it('redirects to a URL or to TwiML', async () => {
    const goodbye = new twilio.twiml.VoiceResponse();
    goodbye.say('Goodbye');
    goodbye.hangup();
    await client().redirectCall(CALL, { url: HOOK, method: 'GET' });
    await client().redirectCall(CALL, { twiml: goodbye });
    expect(fake.requests.map((r) => r.form)).toEqual([
      { Url: [HOOK], Method: ['GET'] },
      { Twiml: ['<?xml version="1.0" encoding="UTF-8"?><Response><Say>Goodbye</Say><Hangup/></Response>'] },
    ]);
  });

  it('does not repeat a redirect whose outcome is unknown', async () => {
    fake.answer = () => ({ status: 504, body: { message: 'Gateway Timeout', status: 504 } });
    await expect(client().redirectCall(CALL, { url: HOOK })).rejects.toBeInstanceOf(RequestOutcomeUnknownError);
    expect(fake.requests).toHaveLength(1);
  });

  it('refuses a malformed call SID or missing instructions before any request', async () => {
    await expect(client().hangUp('SM0123456789abcdef0123456789abcdef')).rejects.toBeInstanceOf(TypeError);
    await expect(client().redirectCall('CA123', { url: HOOK })).rejects.toBeInstanceOf(TypeError);
    await expect(client().redirectCall(CALL, {} as never)).rejects.toBeInstanceOf(TypeError);
    expect(fake.requests).toEqual([]);
  });

  it('passes Twilio’s refusal on as TwilioApiError (21220: not in progress)', async () => {
    fake.answer = () => ({ status: 400, body: { code: 21220, message: 'Call is not in-progress. Cannot redirect.', status: 400 } });
    const err = await client()
      .redirectCall(CALL, { url: HOOK })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwilioApiError);
    expect(err).toMatchObject({ status: 400, code: 21220 });
  });
});
