// checkDncr through the production client, washing against a SOAP stand-in for the register operator served from
// the same WSDL the adapter reads (fixtures/dncr/wash-service.wsdl). Time is a manual clock: never the wall clock.
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DncrAccountSuspendedError,
  DncrChecker,
  DncrCredentialsError,
  DncrError,
  DncrNoBalanceError,
  DncrReferenceNotFoundError,
  DncrResultPendingError,
  DncrSubscriptionExpiredError,
  DncrUnavailableError,
  SoapWashAdapter,
  TwilioClient,
  type SoapWashAdapterOptions,
  type TimeSource,
} from '../../src/index.js';
import { startWashServer, WSDL_PATH, type WashServer } from './helpers/dncr-wash-server.js';

const at = (iso: string) => Date.parse(iso);
// Wednesday 25 November 2026, 10:00 in Sydney (AEDT, +11).
const START = at('2026-11-25T10:00:00+11:00');

class SettableTime implements TimeSource {
  sleeps: number[] = [];
  constructor(public current: number) {}
  now = () => this.current;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.current += ms;
  };
}

let server: WashServer;
let time: SettableTime;
beforeAll(async () => {
  server = await startWashServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.registered = new Set(['0491570101', '0255501234']);
  server.invalid = new Set(['0491570199']);
  server.washes = [];
  server.forceCode = {};
  server.deferResults = false;
  server.pendingPolls = 0;
  server.balance = 100_000;
  time = new SettableTime(START);
});

const adapterOptions = (extra: Partial<SoapWashAdapterOptions> = {}): SoapWashAdapterOptions => ({
  wsdl: WSDL_PATH,
  endpoint: server.url,
  credentials: {
    telemarketerId: server.credentials.TelemarketerId,
    userId: server.credentials.UserId,
    password: server.credentials.Password,
  },
  time,
  ...extra,
});

function client(checker: Partial<ConstructorParameters<typeof DncrChecker>[0]> = {}, adapter: Partial<SoapWashAdapterOptions> = {}) {
  const dncr = new DncrChecker({ port: new SoapWashAdapter(adapterOptions(adapter)), time, ...checker });
  return new TwilioClient({ accountSid: 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10', authToken: 'token', dncr });
}

const washedCounts = () => server.washes.map((w) => w.count);

describe('checkDncr', () => {
  it('says a registered number must not be called, in whatever format it was written', async () => {
    expect(await client().checkDncr('0491 570 101')).toBe(true);
    expect(await client().checkDncr('(02) 5550 1234')).toBe(true);
  });

  it('says a number that is not registered may be called', async () => {
    expect(await client().checkDncr('+61491570102')).toBe(false);
  });

  it('treats a number the register calls invalid as not callable', async () => {
    const c = client();
    expect(await c.checkDncr('0491 570 199')).toBe(true);
    expect((await c.checkDncrMany(['0491 570 199']))[0]).toMatchObject({ doNotCall: true, reason: 'invalid' });
  });

  it('treats input that is not a phone number as not callable, without spending a wash credit', async () => {
    expect(await client().checkDncr('call me maybe')).toBe(true);
    expect(server.washes).toEqual([]);
  });

  it('says a foreign number may be called (only Australian numbers are on the register), without a wash', async () => {
    expect(await client().checkDncr('+1 415 555 2671')).toBe(false);
    expect(server.washes).toEqual([]);
  });

  it('reports a verdict per input, in order, with the wash it relied on', async () => {
    const verdicts = await client().checkDncrMany(['0491 570 101', '+14155552671', '+61491570102', 'nope']);
    const validUntil = new Date(at('2026-12-25T00:00:00+11:00'));
    expect(verdicts).toEqual([
      { input: '0491 570 101', number: '+61491570101', doNotCall: true, reason: 'registered', washedAt: new Date(START), validUntil },
      { input: '+14155552671', number: '+14155552671', doNotCall: false, reason: 'notAustralian' },
      { input: '+61491570102', number: '+61491570102', doNotCall: false, reason: 'notRegistered', washedAt: new Date(START), validUntil },
      { input: 'nope', number: null, doNotCall: true, reason: 'invalid' },
    ]);
    expect(washedCounts()).toEqual([2]);
  });

  it('needs a checker to be configured', async () => {
    const bare = new TwilioClient({ accountSid: 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10', authToken: 'token' });
    await expect(bare.checkDncr('0491570101')).rejects.toBeInstanceOf(TypeError);
  });
});

describe('wash validity (30 calendar days in Australian time)', () => {
  it('relies on a wash through its 30th day and washes again on the 31st', async () => {
    const c = client();
    expect(await c.checkDncr('0491570102')).toBe(false);
    server.registered.add('0491570102'); // the person registers after our wash

    time.current = at('2026-12-24T23:59:59+11:00'); // 30th day counting the wash day: still relied on
    expect(await c.checkDncr('0491570102')).toBe(false);
    expect(server.washes).toHaveLength(1);

    time.current = at('2026-12-25T00:00:00+11:00'); // 31st day: washed again, and now registered
    expect(await c.checkDncr('0491570102')).toBe(true);
    expect(server.washes).toHaveLength(2);
  });

  it('counts calendar days across a daylight-saving change, not 720 hours', async () => {
    time.current = at('2026-09-21T10:00:00+10:00'); // Monday, AEST
    const c = client();
    const [first] = await c.checkDncrMany(['0491570102']);
    // Day 31 begins at midnight AEDT on 21 October — 719 hours after the wash, not 720.
    expect(first!.validUntil).toEqual(new Date(at('2026-10-21T00:00:00+11:00')));

    time.current = at('2026-10-21T10:00:00+11:00'); // within 720 h of the wash, but on the 31st day
    await c.checkDncr('0491570102');
    expect(server.washes).toHaveLength(2);
  });

  it('counts days in the configured zone: 23:30 in Perth is already the next day in Sydney', async () => {
    time.current = at('2026-11-25T23:30:00+11:00'); // Wednesday 20:30 in Perth
    const [sydney] = await client().checkDncrMany(['0491570102']);
    const [perth] = await client({}, { timeZone: 'Australia/Perth' }).checkDncrMany(['0491570102']);
    expect(sydney!.validUntil).toEqual(new Date(at('2026-12-25T00:00:00+11:00')));
    expect(perth!.validUntil).toEqual(new Date(at('2026-12-25T00:00:00+08:00')));
  });
});

describe('batching', () => {
  const numbers = (n: number) => Array.from({ length: n }, (_, i) => `+614915${String(i).padStart(5, '0')}`);

  it('washes 1000 numbers in the fewest calls the limit allows (2 × 500), each once', async () => {
    const list = numbers(1000);
    const verdicts = await client().checkDncrMany([...list, ...list.slice(0, 10)]);
    expect(washedCounts()).toEqual([500, 500]);
    expect(verdicts).toHaveLength(1010);
    expect(verdicts.filter((v) => v.doNotCall).map((v) => v.number)).toEqual([]);
  });

  it('follows a smaller configured batch (the operator recommends 200), and never re-washes what is cached', async () => {
    const c = client({ batchSize: 200 });
    await c.checkDncrMany(numbers(300));
    await c.checkDncrMany(numbers(1000));
    expect(washedCounts()).toEqual([200, 100, 200, 200, 200, 100]);
  });

  it('refuses a batch size above the register’s limit', () => {
    expect(() => client({ batchSize: 501 })).toThrow(RangeError);
  });

  it('finds registered numbers anywhere in a large list', async () => {
    const list = numbers(700);
    server.registered.add('0491500650');
    const verdicts = await client().checkDncrMany(list);
    expect(verdicts.filter((v) => v.doNotCall).map((v) => v.number)).toEqual(['+61491500650']);
  });
});

describe('wash service return codes fail closed, each as its own error', () => {
  it.each([
    [1, DncrCredentialsError],
    [2, DncrReferenceNotFoundError],
    [3, DncrAccountSuspendedError],
    [4, DncrSubscriptionExpiredError],
    [5, DncrNoBalanceError],
  ])('WashNumbers code %i → %s', async (code, errorClass) => {
    server.forceCode = { WashNumbers: code };
    const err = await client()
      .checkDncr('0491570102')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errorClass);
    expect(err).toBeInstanceOf(DncrError);
    expect(err).toMatchObject({ code, operation: 'WashNumbers', reason: 'returnCode' });
  });

  it('wrong credentials come back as code 1', async () => {
    const err = await client({}, { credentials: { telemarketerId: 'TM1001', userId: 'washer', password: 'wrong' } })
      .checkDncr('0491570102')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DncrCredentialsError);
  });

  it('an empty balance refuses the wash (5), and the balance can be read', async () => {
    server.balance = 1;
    const c = client();
    await expect(c.checkDncrMany(['0491570102', '0491570103'])).rejects.toBeInstanceOf(DncrNoBalanceError);
    const dncr = new DncrChecker({ port: new SoapWashAdapter(adapterOptions()), time });
    expect(await dncr.balance()).toBe(1);
    server.forceCode = { GetAccountBalance: 3 };
    await expect(dncr.balance()).rejects.toBeInstanceOf(DncrAccountSuspendedError);
  });

  it('fetches a result that was not ready at once, polling GetWashResult on the injected clock', async () => {
    server.deferResults = true;
    server.pendingPolls = 2;
    expect(await client().checkDncr('0491570101')).toBe(true);
    expect(time.sleeps).toEqual([1000, 1000, 1000]);
  });

  it('gives up on a result still unfinished after maxPolls (4 on GetWashResult → DncrResultPendingError)', async () => {
    server.deferResults = true;
    server.pendingPolls = 10;
    const err = await client({}, { maxPolls: 3 })
      .checkDncr('0491570101')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DncrResultPendingError);
    expect(err).toMatchObject({ code: 4, operation: 'GetWashResult' });
    expect(time.sleeps).toEqual([1000, 1000, 1000]);
  });

  it('GetWashResult code 2 → DncrReferenceNotFoundError', async () => {
    server.deferResults = true;
    server.forceCode = { GetWashResult: 2 };
    await expect(client().checkDncr('0491570101')).rejects.toBeInstanceOf(DncrReferenceNotFoundError);
  });
});

describe('register unreachable', () => {
  const closedPort = () =>
    new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });

  it('fails closed when the service refuses connections: a typed error that says why, never "callable"', async () => {
    const port = await closedPort();
    const err = await client({}, { endpoint: `http://127.0.0.1:${port}/dncr/wash` })
      .checkDncr('0491570102')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DncrUnavailableError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('fails closed when the WSDL itself cannot be fetched', async () => {
    const port = await closedPort();
    const err = await client({}, { wsdl: `http://127.0.0.1:${port}/dncr/wash?wsdl`, endpoint: undefined })
      .checkDncr('0491570102')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DncrUnavailableError);
  });

  it('loads the WSDL the service serves and washes through it', async () => {
    expect(await client({}, { wsdl: `${server.url}?wsdl`, endpoint: server.url }).checkDncr('0491570101')).toBe(true);
  });

  it('refuses to send the register password in clear text off this machine', () => {
    expect(() => new SoapWashAdapter(adapterOptions({ endpoint: 'http://dncr.example.com/wash' }))).toThrow(TypeError);
  });
});

describe('DncrChecker over any port', () => {
  it('washes a number once when two checks for it run at the same time', async () => {
    const c = client();
    const [a, b] = await Promise.all([c.checkDncrMany(['0491570101', '0491570102']), c.checkDncr('0491 570 101')]);
    expect(a.map((v) => v.doNotCall)).toEqual([true, false]);
    expect(b).toBe(true);
    expect(washedCounts()).toEqual([2]);
  });

  it('fails closed with DncrUnavailableError when a port throws something of its own', async () => {
    const port = {
      maxBatch: 10,
      wash: async () => {
        throw new Error('socket closed');
      },
    };
    const err = await new DncrChecker({ port, time }).check('0491570102').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DncrUnavailableError);
    expect((err as Error).message).toContain('socket closed');
  });

  it('refuses an answer about other numbers than were asked', async () => {
    const port = {
      maxBatch: 10,
      wash: async () => [
        { number: '+61491570199', status: 'notRegistered' as const, washedAt: new Date(START), validUntil: new Date(START + 1) },
      ],
    };
    const err = await new DncrChecker({ port, time }).check('0491570102').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DncrError);
    expect(err).toMatchObject({ reason: 'malformed' });
  });
});
