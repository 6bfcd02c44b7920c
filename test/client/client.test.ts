import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import {
  InvalidPhoneNumberError,
  RetryExhaustedError,
  TwilioApiError,
  TwilioClient,
  type TwilioClientOptions,
} from '../../src/index.js';
import { messageJson, startFakeTwilio, twilioError, type FakeTwilio } from './helpers/fake-twilio.js';
import { autoAdvancingTime } from './helpers/manual-time.js';

const ACCOUNT_SID = 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10';
const AUTH_TOKEN = '9f3b8d2a6c1e4f7a0b5d8c3e6f9a2b4d';
const FROM = '+61491570156';

let server: FakeTwilio;
let time: ReturnType<typeof autoAdvancingTime>;

function client(extra: Partial<TwilioClientOptions> = {}): TwilioClient {
  return new TwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, baseUrl: server.url, timeSource: time, ...extra });
}

beforeAll(async () => {
  server = await startFakeTwilio({ now: () => time.now() });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  time = autoAdvancingTime(1_000_000);
});

describe('TwilioClient.sendSms', () => {
  it('normalises both numbers and returns sid, status and segment count', async () => {
    server.fallback = (req) => ({ status: 201, body: messageJson(req.form, ACCOUNT_SID, { num_segments: '3' }) });
    const result = await client().sendSms({ from: '0491 570 156', to: '0491 570 157', body: 'hello' });

    expect(result).toEqual({ messageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued', segments: 3 });
    expect(server.requests[0]?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(server.requests[0]?.form).toEqual({ From: '+61491570156', To: '+61491570157', Body: 'hello' });
  });

  it('passes statusCallback and media URLs through', async () => {
    await client().sendSms({
      from: FROM,
      to: '+61491570157',
      body: 'pic',
      statusCallback: 'http://127.0.0.1:3000/hooks/status',
      mediaUrl: 'https://example.com/a.png',
    });
    expect(server.requests[0]?.form).toMatchObject({
      StatusCallback: 'http://127.0.0.1:3000/hooks/status',
      MediaUrl: 'https://example.com/a.png',
    });
  });

  it('throws InvalidPhoneNumberError before any request', async () => {
    const err = await client()
      .sendSms({ from: FROM, to: 'call me maybe', body: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidPhoneNumberError);
    expect((err as InvalidPhoneNumberError).input).toBe('call me maybe');
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [400, 21211, "The 'To' number is not a valid phone number."],
    [400, 21610, 'Attempt to send to unsubscribed recipient'],
  ])('turns Twilio error %i/%i into a TwilioApiError, without retrying', async (status, code, message) => {
    server.script = [twilioError(status, code, message)];
    const err = await client()
      .sendSms({ from: FROM, to: '+61491570157', body: 'x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwilioApiError);
    expect(err).toMatchObject({ status, code, message, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });
});

describe('TwilioClient retries over HTTP', () => {
  const tooMany = () => ({ ...twilioError(429, 20429, 'Too Many Requests') });

  it('succeeds on the third attempt after two 429s', async () => {
    server.script = [tooMany(), tooMany()];
    const result = await client({ retry: { random: () => 0.5 } }).sendSms({ from: FROM, to: '+61491570157', body: 'x' });
    expect(result.status).toBe('queued');
    expect(server.requests).toHaveLength(3);
    expect(time.sleeps).toEqual([125, 250]);
  });

  it('honours Retry-After on a 503', async () => {
    server.script = [{ status: 503, body: 'Service Unavailable', headers: { 'Retry-After': '3' } }];
    await client().sendSms({ from: FROM, to: '+61491570157', body: 'x' });
    expect(server.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([3000]);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBe(3000);
  });

  it('caps attempts and reports the last Twilio error', async () => {
    server.fallback = tooMany;
    const err = (await client()
      .sendSms({ from: FROM, to: '+61491570157', body: 'x' })
      .catch((e: unknown) => e)) as RetryExhaustedError;
    expect(err).toBeInstanceOf(RetryExhaustedError);
    expect(err.attempts).toBe(4);
    expect(err.cause).toBeInstanceOf(TwilioApiError);
    expect(err.cause).toMatchObject({ status: 429, code: 20429 });
    expect(server.requests).toHaveLength(4);
  });

  it('can be turned off', async () => {
    server.script = [tooMany()];
    const err = await client({ retry: false })
      .sendSms({ from: FROM, to: '+61491570157', body: 'x' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TwilioApiError', status: 429 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection, then gives up', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const err = (await client({ baseUrl: `http://127.0.0.1:${closedPort}`, retry: { maxAttempts: 2 } })
      .sendSms({ from: FROM, to: '+61491570157', body: 'x' })
      .catch((e: unknown) => e)) as RetryExhaustedError;
    expect(err).toBeInstanceOf(RetryExhaustedError);
    expect(err.attempts).toBe(2);
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});

describe('TwilioClient pacing', () => {
  it('spaces sends from one number 1000 ms apart on the injected clock', async () => {
    const c = client();
    for (const to of ['+61491570157', '+61491570158', '+61491570159']) await c.sendSms({ from: FROM, to, body: 'x' });
    expect(server.requests.map((r) => r.at)).toEqual([1_000_000, 1_001_000, 1_002_000]);
  });

  it('paces by the normalised number, whatever way it was written', async () => {
    const c = client({ pacing: { minIntervalMs: 500 } });
    await c.sendSms({ from: '0491 570 156', to: '+61491570157', body: 'x' });
    await c.sendSms({ from: '+61 491 570 156', to: '+61491570158', body: 'x' });
    expect(time.sleeps).toEqual([500]);
  });
});

describe('TwilioClient.fetchMessage', () => {
  it('returns a typed summary', async () => {
    server.fallback = () => ({
      status: 200,
      body: messageJson({ From: FROM, To: '+61491570157', Body: 'hi' }, ACCOUNT_SID, {
        status: 'undelivered',
        error_code: 30003,
        error_message: 'Unreachable destination handset',
        price: '-0.08000',
        date_sent: 'Thu, 01 Jan 2026 00:00:05 +0000',
      }),
    });
    const summary = await client().fetchMessage('SM0123456789abcdef0123456789abcdef');
    expect(server.requests[0]?.path).toBe(
      `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/SM0123456789abcdef0123456789abcdef.json`,
    );
    expect(summary).toMatchObject({
      from: FROM,
      to: '+61491570157',
      body: 'hi',
      status: 'undelivered',
      errorCode: 30003,
      errorMessage: 'Unreachable destination handset',
      segments: 1,
      numMedia: 0,
      price: '-0.08000',
      priceUnit: 'AUD',
      dateSent: new Date(Date.UTC(2026, 0, 1, 0, 0, 5)),
    });
  });

  it('maps a 404 to TwilioApiError 20404', async () => {
    server.script = [twilioError(404, 20404, 'The requested resource was not found')];
    await expect(client().fetchMessage('SM0123456789abcdef0123456789abcdef')).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });
});

describe('TwilioClient options', () => {
  it('needs credentials', () => {
    expect(() => new TwilioClient({ accountSid: ACCOUNT_SID })).toThrow(TypeError);
    expect(() => new TwilioClient({ accountSid: ACCOUNT_SID, apiKey: 'SKx' })).toThrow(TypeError);
  });

  it('uses API key auth when given one', async () => {
    await client({ apiKey: 'SK4a7c1e9b3d5f2a8c6e0b4d7f1a3c5e9b', apiSecret: 'shh' }).sendSms({
      from: FROM,
      to: '+61491570157',
      body: 'x',
    });
    expect(server.requests[0]?.authorization).toBe(
      `Basic ${Buffer.from('SK4a7c1e9b3d5f2a8c6e0b4d7f1a3c5e9b:shh').toString('base64')}`,
    );
    expect(server.requests[0]?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
  });
});
