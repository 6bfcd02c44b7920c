// What a TwilioClient accepts at construction and what it paces: clear-text base URLs, the testing entry point,
// SMS pacing by segments, Messaging Services and alphanumeric sender IDs. A recording stand-in answers for Twilio.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as production from '../../src/index.js';
import { InsecureBaseUrlError, TwilioClient, type TwilioClientOptions } from '../../src/index.js';
import { startFakeTwilio, type FakeTwilio } from './helpers/fake-twilio.js';
import { autoAdvancingTime } from './helpers/manual-time.js';

const ACCOUNT = 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10';
const MG = 'MG8c2e4a6b0d1f3a5c7e9b2d4f6a8c0e1b';
const FROM = '+61491570156';
const TO = '+61491570101';

describe('baseUrl', () => {
  const make =
    (baseUrl: string, extra: Partial<TwilioClientOptions> = {}) =>
    () =>
      new TwilioClient({ accountSid: ACCOUNT, authToken: 'token', baseUrl, ...extra });

  it.each(['http://10.0.0.5:4010', 'http://twilio-sim:4010', 'http://example.com'])(
    'refuses clear-text %s, which would carry the auth token unencrypted',
    (url) => {
      expect(make(url)).toThrow(InsecureBaseUrlError);
      expect(make(url, { allowInsecureBaseUrl: true })).not.toThrow();
    },
  );

  it.each([
    'http://127.0.0.1:4010',
    'http://127.8.9.10',
    'http://localhost:4010',
    'http://sim.localhost',
    'http://[::1]:4010',
    'https://sim.example.com',
  ])('accepts %s without opting in', (url) => {
    expect(make(url)).not.toThrow();
  });
});

describe('entry points', () => {
  it('keeps the simulator request client out of the production entry and offers it from twilio-sim/testing', async () => {
    expect(Object.keys(production)).not.toContain('SimulatorRequestClient');
    expect(Object.keys(production)).not.toContain('rewriteTwilioUrl');
    // Through the package's own export map, as an app would import it (npm test builds dist first).
    const testing = await import('twilio-sim/testing');
    expect(typeof testing.SimulatorRequestClient).toBe('function');
    expect(testing.rewriteTwilioUrl('https://api.twilio.com/x', 'http://127.0.0.1:1')).toBe('http://127.0.0.1:1/x');
  });
});

describe('SMS pacing', () => {
  let fake: FakeTwilio;
  let time: ReturnType<typeof autoAdvancingTime>;
  beforeAll(async () => {
    fake = await startFakeTwilio();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests = [];
    time = autoAdvancingTime();
  });
  const client = (extra: Partial<TwilioClientOptions> = {}) =>
    new TwilioClient({ accountSid: ACCOUNT, authToken: 'token', baseUrl: fake.url, timeSource: time, ...extra });

  it('holds the sender one second per segment: a 3-segment SMS delays the next by 3 s', async () => {
    const c = client();
    await c.sendSms({ from: FROM, to: TO, body: 'x'.repeat(307) }); // 3 GSM-7 segments
    await c.sendSms({ from: FROM, to: TO, body: 'ünïcödé ✓'.repeat(10) }); // 90 UCS-2 units: 2 segments
    await c.sendSms({ from: FROM, to: TO, body: 'short' });
    expect(time.sleeps).toEqual([3000, 2000]);
  });

  it('counts an MMS as one message whatever its text', async () => {
    const c = client();
    await c.sendSms({ from: FROM, to: TO, body: 'x'.repeat(400), mediaUrl: 'https://example.com/a.png' });
    await c.sendSms({ from: FROM, to: TO, body: 'next' });
    expect(time.sleeps).toEqual([1000]);
  });

  it('leaves a Messaging Service without from to Twilio’s own queueing, unless given a rate', async () => {
    await client().sendSms({ messagingServiceSid: MG, to: TO, body: 'x'.repeat(307) });
    await client().sendSms({ messagingServiceSid: MG, to: TO, body: 'two' });
    expect(time.sleeps).toEqual([]);
    expect(fake.requests.map((r) => [r.form.MessagingServiceSid?.[0], r.form.From])).toEqual([
      [MG, undefined],
      [MG, undefined],
    ]);

    // A pool of 4 numbers drains about 4 segments a second.
    const pooled = client({ pacing: { rates: { [MG]: 4 } } });
    await pooled.sendSms({ messagingServiceSid: MG, to: TO, body: 'x'.repeat(307) });
    await pooled.sendSms({ messagingServiceSid: MG, to: TO, body: 'two' });
    expect(time.sleeps).toEqual([750]);
  });

  it('refuses a non-positive rate', () => {
    expect(() => client({ pacing: { rates: { [MG]: 0 } } })).toThrow(RangeError);
  });

  it.each(['MyShop', 'Acme 24', 'A', 'ABCDEFGHIJK'])('sends alphanumeric sender ID %j as written', async (from) => {
    await client().sendSms({ from, to: '0491 570 101', body: 'Your order shipped' });
    expect(fake.requests[0]!.form).toMatchObject({ From: [from], To: [TO] });
  });

  it.each([
    ['twelve characters', 'ABCDEFGHIJKL'],
    ['digits only (read as a number, and too short)', '12345'],
    ['punctuation', 'My-Shop!'],
  ])('does not take %s as a sender ID', async (_label, from) => {
    await expect(client().sendSms({ from, to: TO, body: 'x' })).rejects.toBeInstanceOf(production.InvalidPhoneNumberError);
    expect(fake.requests).toEqual([]);
  });
});
