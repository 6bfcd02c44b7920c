// TwilioClient.lookup up to the wire: what it asks Lookups v2 for and how it types the answer. A recording stand-in
// answers with Twilio's JSON shape, since the simulator does not serve Lookups yet.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwilioClient, type LookupField } from '../../src/index.js';
import { startFakeTwilio, type FakeTwilio } from './helpers/fake-twilio.js';

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests = [];
  fake.answer = undefined;
});

const client = () => new TwilioClient({ accountSid: 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10', authToken: 'token', baseUrl: fake.url });

// Every key Twilio returns; packages not asked for are null.
const twilioAnswer = (overrides: Record<string, unknown>) => ({
  calling_country_code: '61',
  country_code: 'AU',
  phone_number: '+61491570101',
  national_format: '0491 570 101',
  valid: true,
  validation_errors: [],
  caller_name: null,
  sim_swap: null,
  call_forwarding: null,
  line_status: null,
  line_type_intelligence: null,
  identity_match: null,
  reassigned_number: null,
  sms_pumping_risk: null,
  phone_number_quality_score: null,
  pre_fill: null,
  url: 'https://lookups.twilio.com/v2/PhoneNumbers/+61491570101',
  ...overrides,
});

describe('lookup', () => {
  it('asks for the E.164 number with the requested packages and types the answer', async () => {
    fake.answer = () => ({
      status: 200,
      body: twilioAnswer({
        line_type_intelligence: {
          type: 'mobile',
          carrier_name: 'Telstra',
          mobile_country_code: '505',
          mobile_network_code: '01',
          error_code: null,
        },
      }),
    });
    const result = await client().lookup('0491 570 101', ['line_type_intelligence', 'line_type_intelligence']);

    expect(fake.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}`)).toEqual([
      'GET /v2/PhoneNumbers/+61491570101?Fields=line_type_intelligence',
    ]);
    expect(result).toEqual({
      phoneNumber: '+61491570101',
      valid: true,
      validationErrors: [],
      countryCode: 'AU',
      callingCountryCode: '61',
      nationalFormat: '0491 570 101',
      lineTypeIntelligence: { type: 'mobile', carrierName: 'Telstra', mobileCountryCode: '505', mobileNetworkCode: '01', errorCode: null },
      callerName: null,
      packages: {
        simSwap: null,
        callForwarding: null,
        lineStatus: null,
        identityMatch: null,
        reassignedNumber: null,
        smsPumpingRisk: null,
        phoneNumberQualityScore: null,
        preFill: null,
      },
    });
    expect(result).not.toHaveProperty('doNotCall');
  });

  it('sends input it cannot parse as it is, with the default country, so Twilio says why it is invalid', async () => {
    fake.answer = () => ({
      status: 200,
      body: twilioAnswer({
        phone_number: '0491',
        national_format: null,
        country_code: null,
        calling_country_code: null,
        valid: false,
        validation_errors: ['TOO_SHORT'],
      }),
    });
    const result = await client().lookup('0491');

    expect(fake.requests.map((r) => decodeURIComponent(r.path))).toEqual(['/v2/PhoneNumbers/0491?CountryCode=AU']);
    expect(result).toMatchObject({ valid: false, validationErrors: ['TOO_SHORT'], countryCode: null, nationalFormat: null });
  });

  it('refuses unknown packages before any request', async () => {
    await expect(client().lookup('+61491570101', ['do_not_call' as LookupField])).rejects.toBeInstanceOf(TypeError);
    expect(fake.requests).toEqual([]);
  });
});
