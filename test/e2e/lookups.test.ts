// Lookups v2 end to end through the official twilio SDK (client.lookups.v2.phoneNumbers(n).fetch), on the express
// transport and on the msw handlers alike: validation, formats, packages null vs filled, package data per account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expressHarness, mswHarness, type SimHarness } from '../helpers/harness.js';

const ALL_PACKAGES =
  'line_type_intelligence,caller_name,sim_swap,call_forwarding,line_status,identity_match,reassigned_number,sms_pumping_risk,phone_number_quality_score,pre_fill';

async function rejection(promise: Promise<unknown>): Promise<{ status: number; code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; code: number; message: string };
  }
  throw new Error('expected the call to be rejected');
}

describe.each([
  ['express', expressHarness],
  ['msw', mswHarness],
])('Lookups v2 over %s (official SDK)', (_transport, makeHarness) => {
  let sim: SimHarness;
  beforeAll(async () => {
    sim = await makeHarness();
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    expect((await sim.control('POST', '/__sim/reset')).status).toBe(200);
  });

  const lookup = (number: string, options: { fields?: string; countryCode?: string } = {}) =>
    sim.sdk().lookups.v2.phoneNumbers(number).fetch(options);

  describe('formats and validation (no packages asked for)', () => {
    it('an AU mobile: country, calling code, national format, url; every package null', async () => {
      const p = await lookup('+61491570156');
      expect(p.toJSON()).toMatchObject({
        callingCountryCode: '61',
        countryCode: 'AU',
        phoneNumber: '+61491570156',
        nationalFormat: '0491 570 156',
        valid: true,
        validationErrors: null,
        url: 'https://lookups.twilio.com/v2/PhoneNumbers/+61491570156',
      });
      for (const pkg of [p.callerName, p.simSwap, p.callForwarding, p.lineStatus, p.lineTypeIntelligence, p.identityMatch])
        expect(pkg).toBeNull();
      for (const pkg of [p.reassignedNumber, p.smsPumpingRisk, p.phoneNumberQualityScore, p.preFill]) expect(pkg).toBeNull();
    });

    it.each([
      ['+61255501234', '(02) 5550 1234', 'landline'],
      ['+61370101234', '(03) 7010 1234', 'landline'],
      ['+611300123456', '1300 123 456', 'sharedCost'],
      ['+61131234', '131234', 'sharedCost'],
      ['+611800123456', '1800 123 456', 'tollFree'],
      ['+611900123456', '1900 123 456', 'premium'],
      ['+61491570157', '0491 570 157', 'mobile'],
    ])('AU %s is written %s and is a %s line', async (number, national, type) => {
      const p = await lookup(number, { fields: 'line_type_intelligence' });
      expect(p.valid).toBe(true);
      expect(p.nationalFormat).toBe(national);
      expect(p.lineTypeIntelligence).toMatchObject({ type, errorCode: null });
      expect(p.lineTypeIntelligence.carrierName).toEqual(expect.any(String));
    });

    it('a mobile gets an Australian network code, a landline none', async () => {
      expect((await lookup('+61491570157', { fields: 'line_type_intelligence' })).lineTypeIntelligence.mobileCountryCode).toBe('505');
      expect((await lookup('+61255501234', { fields: 'line_type_intelligence' })).lineTypeIntelligence.mobileCountryCode).toBeNull();
    });

    it('a foreign number is formatted as at home', async () => {
      const p = await lookup('+447772000001', { fields: 'line_type_intelligence' });
      expect(p.toJSON()).toMatchObject({ countryCode: 'GB', callingCountryCode: '44', nationalFormat: '07772 000001', valid: true });
      expect(p.lineTypeIntelligence.type).toBe('mobile');
    });

    it('reads national input in CountryCode, and as +1 without it (so an AU mobile is then invalid)', async () => {
      const au = await lookup('0491 570 156', { countryCode: 'AU' });
      expect(au.toJSON()).toMatchObject({ phoneNumber: '+61491570156', valid: true, countryCode: 'AU' });
      const us = await lookup('0491570156');
      expect(us.toJSON()).toMatchObject({ valid: false, countryCode: null, nationalFormat: null, callingCountryCode: null });
      expect(us.validationErrors).toEqual(['INVALID_BUT_POSSIBLE']);
    });

    it.each([
      ['+6112', 'TOO_SHORT'],
      ['+614123456789012', 'TOO_LONG'],
      ['+61190012345', 'INVALID_BUT_POSSIBLE'],
      ['+999123456', 'INVALID_COUNTRY_CODE'],
      ['+6119001234567', 'INVALID_LENGTH'],
      ['not-a-number', 'NOT_A_NUMBER'],
    ])('%s is 200 with valid:false and %s, not an HTTP error', async (number, error) => {
      const p = await lookup(number, { fields: 'line_type_intelligence' });
      expect(p.valid).toBe(false);
      expect(p.validationErrors).toEqual([error]);
      expect(p.toJSON()).toMatchObject({ countryCode: null, callingCountryCode: null, nationalFormat: null, lineTypeIntelligence: null });
    });

    it('an unknown CountryCode for national input is INVALID_COUNTRY_CODE', async () => {
      expect((await lookup('0491570156', { countryCode: 'ZZ' })).validationErrors).toEqual(['INVALID_COUNTRY_CODE']);
    });
  });

  describe('packages', () => {
    it('fills only the packages asked for', async () => {
      const p = await lookup('+61491570156', { fields: 'line_type_intelligence,sim_swap' });
      expect(p.lineTypeIntelligence).toMatchObject({ type: 'mobile', mobileCountryCode: '505' });
      expect(p.simSwap).toMatchObject({ lastSimSwap: { swapped_in_period: false }, errorCode: null });
      expect(p.callerName).toBeNull();
      expect(p.callForwarding).toBeNull();
    });

    it('reports a package with no provider in the number’s country inside the package (60607)', async () => {
      const p = await lookup('+61491570156', { fields: `validation,${ALL_PACKAGES}` });
      expect(p.callerName).toEqual({ callerName: null, callerType: null, errorCode: 60607 });
      expect(p.preFill).toMatchObject({ error_code: 60607 });
      expect(p.lineStatus).toEqual({ status: 'active', errorCode: null });
    });

    it('answers caller name for a US number', async () => {
      const p = await lookup('+14159929960', { fields: 'caller_name' });
      expect(p.callerName).toMatchObject({ errorCode: null });
    });

    it('serves fixture data to every account: a recent SIM swap, a disconnected line', async () => {
      const swapped = await lookup('+61491570200', { fields: 'sim_swap,line_status' });
      expect(swapped.simSwap.lastSimSwap).toEqual({
        last_sim_swap_date: '2025-12-31T09:15:00Z',
        swapped_period: 'PT24H',
        swapped_in_period: true,
      });
      expect((await lookup('+61491570201', { fields: 'line_status' })).lineStatus.status).toBe('inactive');
      const other = sim.sdk(sim.accounts[1]);
      expect((await other.lookups.v2.phoneNumbers('+61491570201').fetch({ fields: 'line_status' })).lineStatus.status).toBe('inactive');
    });

    it('takes package data per account from the control API, until deleted or reset', async () => {
      const put = await sim.control('PUT', '/__sim/lookups/+61491570300', {
        line_type_intelligence: { type: 'fixedVoip', carrier_name: 'Bondi VoIP' },
        caller_name: { caller_name: 'Jo Citizen', caller_type: 'CONSUMER' },
      });
      expect(put.status).toBe(200);
      const p = await lookup('+61491570300', { fields: 'line_type_intelligence,caller_name' });
      expect(p.lineTypeIntelligence).toMatchObject({ type: 'fixedVoip', carrierName: 'Bondi VoIP', errorCode: null });
      expect(p.callerName).toEqual({ callerName: 'Jo Citizen', callerType: 'CONSUMER', errorCode: null });
      expect((await sim.control('GET', '/__sim/lookups/%2B61491570300')).body).toMatchObject({ scope: 'account' });

      const other = sim.sdk(sim.accounts[1]);
      expect(
        (await other.lookups.v2.phoneNumbers('+61491570300').fetch({ fields: 'line_type_intelligence' })).lineTypeIntelligence.type,
      ).toBe('mobile');
      expect((await sim.control('DELETE', '/__sim/lookups/+61491570300')).status).toBe(204);
      expect((await lookup('+61491570300', { fields: 'line_type_intelligence' })).lineTypeIntelligence.type).toBe('mobile');

      await sim.control('PUT', '/__sim/lookups/+61491570300', { line_status: { status: 'inactive' } });
      await sim.control('POST', '/__sim/reset');
      expect((await lookup('+61491570300', { fields: 'line_status' })).lineStatus.status).toBe('active');
    });

    it('lists the account’s recent lookups for the inspector, newest last, only its own, until reset', async () => {
      await sim.control('POST', '/__sim/reset', undefined, sim.accounts[1]);
      await sim.control('POST', '/__sim/clock/advance', { ms: 90_000 });
      await lookup('+61491570157', { fields: 'line_type_intelligence' });
      await lookup('12ab');
      await sim.sdk(sim.accounts[1]).lookups.v2.phoneNumbers('+61491570158').fetch();
      const mine = await sim.control('GET', '/__sim/lookups/performed');
      expect(mine.status).toBe(200);
      expect(mine.body.lookups).toEqual([
        {
          at: expect.stringMatching(/T00:01:30\.000Z$/),
          phoneNumber: '+61491570157',
          fields: ['line_type_intelligence'],
          valid: true,
          lineType: 'mobile',
        },
        { at: expect.any(String), phoneNumber: expect.any(String), fields: [], valid: false, lineType: null },
      ]);
      const theirs = await sim.control('GET', '/__sim/lookups/performed', undefined, sim.accounts[1]);
      expect(theirs.body.lookups.map((l: { phoneNumber: string }) => l.phoneNumber)).toEqual(['+61491570158']);
      await sim.control('POST', '/__sim/reset');
      expect((await sim.control('GET', '/__sim/lookups/performed')).body.lookups).toEqual([]);
    });

    it('keeps only the newest 500 lookups of an account', async () => {
      for (let i = 0; i < 502; i++) await lookup(`+61491570${String(i % 1000).padStart(3, '0')}`);
      const { lookups } = (await sim.control('GET', '/__sim/lookups/performed')).body;
      expect(lookups).toHaveLength(500);
      expect(lookups[0].phoneNumber).toBe('+61491570002');
      expect(lookups.at(-1).phoneNumber).toBe('+61491570501');
    });

    it('refuses package data it could not serve in Twilio’s shape', async () => {
      for (const body of [
        { do_not_call: { registered: true } },
        { line_status: { status: 3 } },
        { caller_name: { nickname: 'x' } },
        { sim_swap: [] },
      ]) {
        const res = await sim.control('PUT', '/__sim/lookups/+61491570300', body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 20001, status: 400 });
      }
      expect((await sim.control('PUT', '/__sim/lookups/0491570300', { line_status: { status: 'active' } })).status).toBe(400);
      expect((await sim.control('GET', '/__sim/lookups/+61491570399')).status).toBe(404);
    });
  });

  describe('bad requests', () => {
    it('an unknown Fields value is 400/60200 naming it (Twilio documents nothing; see README)', async () => {
      const err = await rejection(lookup('+61491570156', { fields: 'line_type_intelligence,do_not_call' }));
      expect(err).toMatchObject({ status: 400, code: 60200 });
      expect(err.message).toContain("'do_not_call'");
    });

    it('wrong credentials are 401/20003', async () => {
      const err = await rejection(sim.sdkWith(sim.accounts[0]!.sid, 'wrong').lookups.v2.phoneNumbers('+61491570156').fetch());
      expect(err).toMatchObject({ status: 401, code: 20003 });
    });
  });
});
