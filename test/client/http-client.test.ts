import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { SimulatorRequestClient, rewriteTwilioUrl } from '../../src/testing.js';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';

const ACCOUNT_SID = 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10';
const AUTH_TOKEN = '9f3b8d2a6c1e4f7a0b5d8c3e6f9a2b4d';

describe('SimulatorRequestClient with the unmodified SDK, against the simulator', () => {
  let sim: ListeningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, clock: 'virtual' });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.simulator.reset());

  it("sends the SDK's Messages.create to the base URL with Basic auth and the form body", async () => {
    const sdk = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new SimulatorRequestClient(sim.url) });
    const message = await sdk.messages.create({ from: '+61491570156', to: '+61491570157', body: 'G’day' });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    const stored = await sdk.messages.list();
    expect(stored.map((m) => [m.sid, m.from, m.to, m.body])).toEqual([[message.sid, '+61491570156', '+61491570157', 'G’day']]);
  });

  it('rewrites other Twilio hosts (Lookups) and regional hosts too', async () => {
    const sdk = twilio(ACCOUNT_SID, AUTH_TOKEN, {
      httpClient: new SimulatorRequestClient(sim.url),
      region: 'au1',
      edge: 'sydney',
    });
    // lookups.au1.sydney.twilio.com reaches the simulator's Lookups v2 like any other Twilio host.
    const lookup = await sdk.lookups.v2.phoneNumbers('+61491570156').fetch();
    expect(lookup).toMatchObject({ phoneNumber: '+61491570156', valid: true, nationalFormat: '0491 570 156' });
    // The simulator answers unknown resources with Twilio's 404, naming the path it received.
    const fetch = await sdk
      .messages('SM00000000000000000000000000000000')
      .fetch()
      .catch((e: unknown) => e);
    expect(fetch).toMatchObject({
      status: 404,
      message: expect.stringContaining(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/SM00000000000000000000000000000000.json`),
    });
  });

  it('authenticates with an API key when the SDK is given one', async () => {
    const withKey = (secret: string) =>
      twilio('SK4a7c1e9b3d5f2a8c6e0b4d7f1a3c5e9b', secret, { accountSid: ACCOUNT_SID, httpClient: new SimulatorRequestClient(sim.url) });
    expect(await withKey('simsecret-default-0123456789abcdef').messages.list()).toEqual([]);
    expect(
      await withKey('wrong')
        .messages.list()
        .catch((e: unknown) => e),
    ).toMatchObject({ status: 401, code: 20003 });
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
