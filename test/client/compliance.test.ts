// The telemarketing guard on initiateCall: calling hours in the recipient's local time (date-holidays for public
// holidays), consent, and the register (washed through the SOAP stand-in). Every refusal happens before any request
// reaches Twilio (a recording stand-in here). Time is set by hand; nothing reads the wall clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DncrChecker,
  DncrUnavailableError,
  DoNotCallError,
  OutsideCallingHoursError,
  SoapWashAdapter,
  TelemarketingGuard,
  TwilioClient,
  type ConsentRecord,
  type DncrPort,
  type RecipientLocation,
  type TelemarketingGuardOptions,
  type TimeSource,
} from '../../src/index.js';
import { startWashServer, WSDL_PATH, type WashServer } from './helpers/dncr-wash-server.js';
import { startFakeTwilio, type FakeTwilio } from './helpers/fake-twilio.js';

const at = (iso: string) => Date.parse(iso);
const REGISTERED = '+61491570101';
const FREE = '+61491570102';
const FROM = '+61491570156';

const time: TimeSource & { current: number } = { current: 0, now: () => time.current, sleep: async () => {} };
let wash: WashServer;
let twilioApi: FakeTwilio;
beforeAll(async () => {
  [wash, twilioApi] = await Promise.all([startWashServer(), startFakeTwilio()]);
});
afterAll(() => Promise.all([wash.close(), twilioApi.close()]));
beforeEach(() => {
  wash.registered = new Set(['0491570101']);
  wash.washes = [];
  twilioApi.requests = [];
});

function guard(options: Partial<TelemarketingGuardOptions> = {}, endpoint = wash.url) {
  const port = new SoapWashAdapter({
    wsdl: WSDL_PATH,
    endpoint,
    credentials: { telemarketerId: 'TM1001', userId: 'washer', password: 'pa55word' },
    time,
  });
  return new TelemarketingGuard({ dncr: new DncrChecker({ port, time }), time, ...options });
}

function client(g: TelemarketingGuard) {
  return new TwilioClient({
    accountSid: 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10',
    authToken: 'token',
    baseUrl: twilioApi.url,
    compliance: g,
    timeSource: time,
  });
}

async function refusal(g: TelemarketingGuard, when: string, recipient?: RecipientLocation, to = FREE) {
  time.current = at(when);
  return g.assertMayCall(to, recipient).then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('calling hours in the recipient’s local time', () => {
  const g = () => guard();

  it('Perth vs Sydney: 9:30 in Sydney is 6:30 in Perth', async () => {
    const when = '2026-11-25T09:30:00+11:00'; // Wednesday
    expect(await refusal(g(), when, { state: 'NSW' })).toBeUndefined();
    const perth = await refusal(g(), when, { state: 'WA' });
    expect(perth).toBeInstanceOf(OutsideCallingHoursError);
    expect((perth as OutsideCallingHoursError).problem).toEqual({
      reason: 'outsideHours',
      timeZone: 'Australia/Perth',
      localTime: '2026-11-25 06:30',
    });
  });

  it('Perth vs Sydney: 19:30 in Perth is 22:30 in Sydney', async () => {
    const when = '2026-11-25T19:30:00+08:00';
    expect(await refusal(g(), when, { state: 'WA' })).toBeUndefined();
    expect(await refusal(g(), when, { timeZone: 'Australia/Perth' })).toBeUndefined();
    expect(await refusal(g(), when, { state: 'NSW' })).toBeInstanceOf(OutsideCallingHoursError);
  });

  it('without a location, allows only times inside the hours in every Australian zone', async () => {
    // 9:30 in Sydney is 8:30 in Brisbane (no daylight saving there) and 6:30 in Perth.
    expect(await refusal(g(), '2026-11-25T09:30:00+11:00')).toMatchObject({ problem: { reason: 'outsideHours' } });
    expect(await refusal(g(), '2026-11-25T11:30:00+11:00')).toMatchObject({
      problem: { timeZone: 'Australia/Perth', localTime: '2026-11-25 08:30' },
    });
    expect(await refusal(g(), '2026-11-25T19:30:00+08:00')).toBeInstanceOf(OutsideCallingHoursError);
    expect(await refusal(g(), '2026-11-25T13:00:00+11:00')).toBeUndefined(); // 10:00 in Perth, 13:00 in Sydney
  });

  it('a Saturday evening: allowed until 17:00 only', async () => {
    expect(await refusal(g(), '2026-11-28T16:59:00+11:00', { state: 'NSW' })).toBeUndefined();
    expect(await refusal(g(), '2026-11-28T17:30:00+11:00', { state: 'NSW' })).toMatchObject({ problem: { reason: 'outsideHours' } });
    expect(await refusal(g(), '2026-11-27T19:59:00+11:00', { state: 'NSW' })).toBeUndefined(); // a Friday evening is fine
  });

  it('never on a Sunday', async () => {
    expect(await refusal(g(), '2026-11-29T11:00:00+11:00', { state: 'NSW' })).toMatchObject({ problem: { reason: 'sunday' } });
  });

  it('never on a national public holiday', async () => {
    const err = await refusal(g(), '2026-12-25T11:00:00+11:00', { state: 'VIC' });
    expect(err).toBeInstanceOf(OutsideCallingHoursError);
    expect((err as OutsideCallingHoursError).problem).toMatchObject({ reason: 'publicHoliday', holiday: 'Christmas Day' });
  });

  it('a state public holiday (Western Australia Day) only under the stricter option', async () => {
    const when = '2026-06-01T11:00:00+08:00'; // Monday
    expect(await refusal(guard(), when, { state: 'WA' })).toBeUndefined();
    expect(await refusal(guard({ stateHolidays: true }), when, { state: 'WA' })).toMatchObject({
      problem: { reason: 'publicHoliday', holiday: 'Western Australia Day' },
    });
    // Not a holiday in New South Wales; unknown location means it may be one where the recipient is.
    expect(await refusal(guard({ stateHolidays: true }), when, { state: 'NSW' })).toBeUndefined();
    expect(await refusal(guard({ stateHolidays: true }), when)).toMatchObject({ problem: { reason: 'publicHoliday' } });
  });

  it('leaves numbers outside Australia alone (neither the Standard’s hours nor the register apply)', async () => {
    expect(await refusal(g(), '2026-11-29T03:00:00+11:00', undefined, '+14155552671')).toBeUndefined();
    expect(wash.washes).toEqual([]);
  });
});

describe('consent and the register', () => {
  const WEEKDAY = '2026-11-25T13:00:00+11:00'; // 10:00 in Perth: inside the hours everywhere
  const withConsent = (record: ConsentRecord | undefined) => guard({ consent: (n) => (n === REGISTERED ? record : undefined) });

  it('refuses a registered number with no consent recorded, and lets an unregistered one through', async () => {
    const err = await refusal(withConsent(undefined), WEEKDAY, undefined, REGISTERED);
    expect(err).toBeInstanceOf(DoNotCallError);
    expect(err).toMatchObject({ number: REGISTERED, reason: 'registered', washedAt: new Date(at(WEEKDAY)) });
    expect(await refusal(withConsent(undefined), WEEKDAY, undefined, FREE)).toBeUndefined();
  });

  it('allows a registered number with fresh consent, without spending a wash', async () => {
    expect(
      await refusal(withConsent({ givenAt: new Date(at('2026-10-01T12:00:00+10:00')) }), WEEKDAY, undefined, REGISTERED),
    ).toBeUndefined();
    expect(wash.washes).toEqual([]);
  });

  it('consent with no period lapses at the end of the 3 months beginning on the day it was given', async () => {
    // Given 26 August: the 3 months run to the end of 25 November.
    expect(await refusal(withConsent({ givenAt: at('2026-08-26T18:00:00+10:00') }), WEEKDAY, undefined, REGISTERED)).toBeUndefined();
    // Given 25 August: the 3 months ended at the end of 24 November.
    expect(await refusal(withConsent({ givenAt: at('2026-08-25T09:00:00+10:00') }), WEEKDAY, undefined, REGISTERED)).toBeInstanceOf(
      DoNotCallError,
    );
  });

  it('indefinite consent lasts until withdrawn', async () => {
    const given = at('2021-03-01T10:00:00+11:00');
    expect(await refusal(withConsent({ givenAt: given, indefinite: true }), WEEKDAY, undefined, REGISTERED)).toBeUndefined();
    const withdrawn = { givenAt: given, indefinite: true, withdrawnAt: at('2026-11-20T10:00:00+11:00') };
    expect(await refusal(withConsent(withdrawn), WEEKDAY, undefined, REGISTERED)).toBeInstanceOf(DoNotCallError);
  });

  it('consent for a stated period lasts that period', async () => {
    const givenAt = at('2026-01-10T10:00:00+11:00');
    expect(
      await refusal(withConsent({ givenAt, expiresAt: at('2027-01-10T00:00:00+11:00') }), WEEKDAY, undefined, REGISTERED),
    ).toBeUndefined();
    expect(
      await refusal(withConsent({ givenAt, expiresAt: at('2026-11-25T00:00:00+11:00') }), WEEKDAY, undefined, REGISTERED),
    ).toBeInstanceOf(DoNotCallError);
  });

  it('relies on a wash from the call’s 30-day period (wash day + 29 days) and re-washes one made 30 or 31 days before', async () => {
    const g = withConsent(undefined);
    expect(await refusal(g, '2026-11-02T13:00:00+11:00', undefined, FREE)).toBeUndefined(); // Monday: washed, not registered
    wash.registered.add('0491570102'); // the person registers the next day

    expect(await refusal(g, '2026-12-01T19:00:00+11:00', undefined, FREE)).toBeUndefined(); // 29 days later: the 30th day
    expect(wash.washes).toHaveLength(1);
    expect(await refusal(g, '2026-12-02T13:00:00+11:00', undefined, FREE)).toBeInstanceOf(DoNotCallError); // 30 days later
    expect(wash.washes).toHaveLength(2);

    const again = withConsent(undefined);
    wash.registered.delete('0491570102');
    await refusal(again, '2026-11-02T13:00:00+11:00', undefined, FREE);
    wash.registered.add('0491570102');
    expect(await refusal(again, '2026-12-03T13:00:00+11:00', undefined, FREE)).toBeInstanceOf(DoNotCallError); // 31 days later
  });
});

describe('initiateCall with the guard', () => {
  const call = (c: TwilioClient, to: string, extra: object = {}) =>
    c.initiateCall({ from: FROM, to, url: 'https://app.example.test/voice', ...extra }).catch((e: unknown) => e);

  it('refuses before any request reaches Twilio, and places allowed calls', async () => {
    const c = client(guard());
    time.current = at('2026-11-25T13:00:00+11:00');
    expect(await call(c, '0491 570 101')).toBeInstanceOf(DoNotCallError);
    time.current = at('2026-11-29T11:00:00+11:00');
    expect(await call(c, '0491 570 102')).toBeInstanceOf(OutsideCallingHoursError);
    expect(twilioApi.requests).toEqual([]);

    time.current = at('2026-11-25T13:00:00+11:00');
    expect(await call(c, '0491 570 102')).toMatchObject({ status: 'queued' });
    expect(twilioApi.requests.map((r) => r.form.To)).toEqual([[FREE]]);
  });

  it('uses the recipient location given with the call', async () => {
    const c = client(guard());
    time.current = at('2026-11-25T19:30:00+08:00');
    expect(await call(c, FREE, { recipient: { state: 'NSW' } })).toBeInstanceOf(OutsideCallingHoursError);
    expect(await call(c, FREE, { recipient: { state: 'WA' } })).toMatchObject({ status: 'queued' });
  });

  it('fails closed when the register is down: no call', async () => {
    const c = client(guard({}, 'http://127.0.0.1:9/dncr/wash'));
    time.current = at('2026-11-25T13:00:00+11:00');
    expect(await call(c, FREE)).toBeInstanceOf(DncrUnavailableError);
    expect(twilioApi.requests).toEqual([]);
  });

  it('skips the guard for a call marked as not telemarketing', async () => {
    const c = client(guard());
    time.current = at('2026-11-29T11:00:00+11:00'); // a Sunday
    expect(await call(c, REGISTERED, { telemarketing: false })).toMatchObject({ status: 'queued' });
  });
});

describe('the guard and pacing', () => {
  it('a refused call takes no turn from its number; the hours are judged again when a queued call’s turn comes', async () => {
    const sleeps: number[] = [];
    const paced: TimeSource & { current: number } = {
      current: at('2026-11-25T19:59:59+11:00'),
      now: () => paced.current,
      sleep: async (ms) => {
        sleeps.push(ms);
        paced.current += ms;
      },
    };
    const g = new TelemarketingGuard({
      dncr: new DncrChecker({ port: { maxBatch: 10, wash: async () => [] }, time: paced }),
      consent: () => ({ givenAt: 0, indefinite: true }),
      time: paced,
    });
    const c = new TwilioClient({
      accountSid: 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10',
      authToken: 'token',
      baseUrl: twilioApi.url,
      compliance: g,
      timeSource: paced,
    });
    const recipient = { state: 'NSW' as const };

    expect(await c.initiateCall({ from: FROM, to: REGISTERED, twiml: '<Response/>', recipient })).toMatchObject({ status: 'queued' });
    // The next call from this number waits its turn (1 s), which lands at 20:00:00: too late.
    const late = await c.initiateCall({ from: FROM, to: FREE, twiml: '<Response/>', recipient }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(OutsideCallingHoursError);
    expect(sleeps).toEqual([1000]);
    expect(twilioApi.requests).toHaveLength(1);

    // Refused before queueing (a Sunday): the number's lane is not held by it.
    paced.current = at('2026-11-30T10:00:00+11:00'); // Monday
    await c.initiateCall({ from: FROM, to: REGISTERED, twiml: '<Response/>', recipient });
    sleeps.length = 0;
    // A register that has every number on it, and no consent on record.
    const everyoneRegistered: DncrPort = {
      maxBatch: 10,
      wash: async (numbers) =>
        numbers.map((number) => ({
          number,
          status: 'registered',
          washedAt: new Date(paced.current),
          validUntil: new Date(paced.current + 86_400_000),
        })),
    };
    const consentless = new TelemarketingGuard({ dncr: new DncrChecker({ port: everyoneRegistered, time: paced }), time: paced });
    const strict = new TwilioClient({
      accountSid: 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10',
      authToken: 'token',
      baseUrl: twilioApi.url,
      compliance: consentless,
      timeSource: paced,
    });
    await strict.initiateCall({ from: FROM, to: FREE, twiml: '<Response/>', recipient, telemarketing: false });
    expect(
      await strict.initiateCall({ from: FROM, to: REGISTERED, twiml: '<Response/>', recipient }).catch((e: unknown) => e),
    ).toBeInstanceOf(DoNotCallError);
    await strict.initiateCall({ from: FROM, to: FREE, twiml: '<Response/>', recipient, telemarketing: false });
    // One wait of 1 s between the two calls that went out; the refused one in between cost nothing.
    expect(sleeps).toEqual([1000]);
  });
});
