import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { SimulatorRequestClient, rewriteTwilioUrl } from '../../src/index.js';
import { startFakeTwilio, type FakeTwilio } from './helpers/fake-twilio.js';

const ACCOUNT_SID = 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10';
const AUTH_TOKEN = '9f3b8d2a6c1e4f7a0b5d8c3e6f9a2b4d';
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('SimulatorRequestClient with the unmodified SDK', () => {
  let server: FakeTwilio;
  beforeAll(async () => {
    server = await startFakeTwilio();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it("sends the SDK's Messages.create to the base URL with Basic auth and the form body", async () => {
    const sdk = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new SimulatorRequestClient(server.url) });
    const message = await sdk.messages.create({ from: '+61491570156', to: '+61491570157', body: 'G’day' });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      authorization: basic(ACCOUNT_SID, AUTH_TOKEN),
      form: { From: '+61491570156', To: '+61491570157', Body: 'G’day' },
    });
  });

  it('rewrites other Twilio hosts (Lookups) and regional hosts too', async () => {
    server.fallback = () => ({ status: 200, body: { phone_number: '+61491570156', valid: true } });
    const sdk = twilio(ACCOUNT_SID, AUTH_TOKEN, {
      httpClient: new SimulatorRequestClient(server.url),
      region: 'au1',
      edge: 'sydney',
    });
    await sdk.lookups.v2.phoneNumbers('+61491570156').fetch();
    await sdk.messages('SM00000000000000000000000000000000').fetch().catch(() => undefined);

    expect(server.requests.map((r) => r.path)).toEqual([
      '/v2/PhoneNumbers/+61491570156',
      `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/SM00000000000000000000000000000000.json`,
    ]);
  });

  it('authenticates with an API key when the SDK is given one', async () => {
    const sdk = twilio('SK4a7c1e9b3d5f2a8c6e0b4d7f1a3c5e9b', 'secret', {
      accountSid: ACCOUNT_SID,
      httpClient: new SimulatorRequestClient(server.url),
    });
    await sdk.lookups.v2.phoneNumbers('+61491570156').fetch();
    expect(server.requests[0]?.authorization).toBe(basic('SK4a7c1e9b3d5f2a8c6e0b4d7f1a3c5e9b', 'secret'));
  });
});

describe('rewriteTwilioUrl', () => {
  it('keeps path and query and any base path prefix', () => {
    expect(rewriteTwilioUrl('https://api.twilio.com/2010-04-01/Accounts.json?PageSize=2', 'http://127.0.0.1:4010')).toBe(
      'http://127.0.0.1:4010/2010-04-01/Accounts.json?PageSize=2',
    );
    expect(rewriteTwilioUrl('https://lookups.twilio.com/v2/PhoneNumbers/x', 'http://127.0.0.1:4010/sim/')).toBe(
      'http://127.0.0.1:4010/sim/v2/PhoneNumbers/x',
    );
  });

  it('leaves URLs that are not Twilio alone', () => {
    for (const uri of ['https://example.com/x', 'https://twilio.com.evil.example/x', 'http://api.twilio.com/x']) {
      expect(rewriteTwilioUrl(uri, 'http://127.0.0.1:4010')).toBe(uri);
    }
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => new SimulatorRequestClient('ftp://127.0.0.1')).toThrow(TypeError);
  });
});
