// TwilioClient.lookup against the simulator's Lookups v2: what a caller gets back, typed, for national input,
// package data set per number, an invalid number, and a package name Lookups does not have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningSimulator, startSimulator } from '../../simulator/index.js';
import { type LookupField, TwilioClient } from '../../src/index.js';

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
});
afterAll(() => sim.stop());

const client = () => {
  const { sid, authToken } = sim.accounts[0]!;
  return new TwilioClient({ accountSid: sid, authToken, baseUrl: sim.url });
};

describe('TwilioClient.lookup', () => {
  it('reads national input in AU, asks for the packages named, and types the answer (no doNotCall field)', async () => {
    const { sid, authToken } = sim.accounts[0]!;
    const put = await fetch(`${sim.url}/__sim/lookups/%2B61491570101`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from(`${sid}:${authToken}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ line_type_intelligence: { type: 'nonFixedVoip', carrier_name: 'Bondi VoIP' } }),
    });
    expect(put.status).toBe(200);

    const result = await client().lookup('0491 570 101', ['line_type_intelligence', 'line_type_intelligence']);
    expect(result).toMatchObject({
      phoneNumber: '+61491570101',
      valid: true,
      countryCode: 'AU',
      callingCountryCode: '61',
      nationalFormat: '0491 570 101',
      lineTypeIntelligence: { type: 'nonFixedVoip', carrierName: 'Bondi VoIP' },
      callerName: null,
    });
    expect(result.packages).toMatchObject({ simSwap: null, callForwarding: null });
    expect(result).not.toHaveProperty('doNotCall');
  });

  it('an invalid number comes back valid: false with Twilio’s reason, not as an error', async () => {
    const result = await client().lookup('0491');
    expect(result).toMatchObject({ valid: false, validationErrors: ['TOO_SHORT'], countryCode: null, nationalFormat: null });
  });

  it('refuses a package Lookups does not have (do_not_call) before any request', async () => {
    await expect(client().lookup('+61491570101', ['do_not_call' as LookupField])).rejects.toBeInstanceOf(TypeError);
  });
});
