// checkDncr / checkDncrMany through the production client, washing against the simulator's stand-in for the register
// operator: its SOAP service, reached by the unchanged SoapWashAdapter from the WSDL the simulator serves. The
// adapter's time is the simulator's virtual clock, so result polling and wash validity never wait on the wall clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DncrAccountSuspendedError,
  DncrChecker,
  DncrCredentialsError,
  DncrNoBalanceError,
  DncrReferenceNotFoundError,
  DncrResultPendingError,
  DncrSubscriptionExpiredError,
  DncrUnavailableError,
  SoapWashAdapter,
  TwilioClient,
  type SoapWashAdapterOptions,
} from '../../src/index.js';
import { startSimulator, type ListeningSimulator, type VirtualClock } from '../../simulator/index.js';
import { drivenClockTime } from './helpers/driven-clock-time.js';

const LOGIN = { telemarketerId: 'TM1001', userId: 'washer', password: 'dncr-sim-pass' };
/** On the register by fixtures/dncr/register.json. */
const FIXTURE_REGISTERED = '+61255500487';

let sim: ListeningSimulator;
let auth: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  const main = sim.accounts[0]!;
  auth = `Basic ${Buffer.from(`${main.sid}:${main.authToken}`).toString('base64')}`;
});
afterAll(() => sim.stop());
beforeEach(() => sim.simulator.reset());

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const washCounts = async (): Promise<number[]> =>
  (await control('GET', '/__sim/dncr/washer')).body.washes.map((w: { count: number }) => w.count);

function client(adapter: Partial<SoapWashAdapterOptions> = {}, checker: Partial<ConstructorParameters<typeof DncrChecker>[0]> = {}) {
  const time = drivenClockTime(sim.clock as VirtualClock);
  const port = new SoapWashAdapter({ wsdl: `${sim.url}/__dncr/soap?wsdl`, credentials: LOGIN, time, ...adapter });
  const dncr = new DncrChecker({ port, time, ...checker });
  return new TwilioClient({ accountSid: sim.accounts[0]!.sid, authToken: sim.accounts[0]!.authToken, dncr });
}

describe('checkDncr against the simulated register', () => {
  it('a number on the register (fixtures) must not be called, however it is written', async () => {
    expect(await client().checkDncr(FIXTURE_REGISTERED)).toBe(true);
    expect(await client().checkDncr('(02) 5550 0487')).toBe(true);
  });

  it('a number added through the control API must not be called; once removed it may', async () => {
    const c = client();
    expect(await c.checkDncr('0491 570 101')).toBe(false);
    expect((await control('PUT', '/__sim/dncr/+61491570101')).status).toBe(200);
    // A fresh client: the first wash is still relied on for 30 days, as the Act allows.
    expect(await client().checkDncr('0491 570 101')).toBe(true);
    expect(await c.checkDncr('0491 570 101')).toBe(false);
    expect((await control('DELETE', '/__sim/dncr/+61491570101')).status).toBe(204);
    expect(await client().checkDncr('0491 570 101')).toBe(false);
  });

  it('a number the operator answers I for is not callable, and the wash still cost a credit', async () => {
    await control('PUT', '/__sim/dncr/+61491570120', { status: 'invalid' });
    const [verdict] = await client().checkDncrMany(['0491 570 120']);
    expect(verdict).toMatchObject({ doNotCall: true, reason: 'invalid' });
    expect((await control('GET', '/__sim/dncr/washer')).body.credits).toBe(100_000 - 1);
  });

  it('a foreign number is callable without a wash; unparseable input is not callable, also without one', async () => {
    const verdicts = await client().checkDncrMany(['+1 415 555 2671', 'call me maybe']);
    expect(verdicts.map((v) => [v.doNotCall, v.reason])).toEqual([
      [false, 'notAustralian'],
      [true, 'invalid'],
    ]);
    expect(await washCounts()).toEqual([]);
  });

  it('relies on a wash for 30 calendar days on the simulator clock, then washes again', async () => {
    const c = client();
    expect(await c.checkDncr('0491 570 102')).toBe(false);
    await control('PUT', '/__sim/dncr/+61491570102');
    await (sim.clock as VirtualClock).advance(29 * 24 * 3600_000);
    expect(await c.checkDncr('0491 570 102')).toBe(false);
    await (sim.clock as VirtualClock).advance(2 * 24 * 3600_000);
    expect(await c.checkDncr('0491 570 102')).toBe(true);
    expect(await washCounts()).toEqual([1, 1]);
  });

  it('washes 1000 numbers in 2 calls of 500 and finds the registered ones among them', async () => {
    const list = Array.from({ length: 1000 }, (_, i) => `+61491570${String(i).padStart(3, '0')}`);
    const onRegister = new Set((await control('GET', '/__sim/dncr')).body.entries.map((e: { number: string }) => e.number));
    const verdicts = await client().checkDncrMany(list);
    expect(await washCounts()).toEqual([500, 500]);
    const flagged = verdicts.filter((v) => v.doNotCall).map((v) => v.number);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged).toEqual(list.filter((n) => onRegister.has(n)));
    expect((await control('GET', '/__sim/dncr/washer')).body.credits).toBe(100_000 - 1000);
  });

  it('fetches a result that is not ready at once, polling GetWashResult on the simulator clock', async () => {
    await control('POST', '/__sim/dncr/washer', { resultDelayMs: 2500 });
    expect(await client().checkDncr(FIXTURE_REGISTERED)).toBe(true);
  });

  it('gives up when the result is still not ready after the polls (4 → DncrResultPendingError)', async () => {
    await control('POST', '/__sim/dncr/washer', { resultDelayMs: 60_000 });
    await expect(client({ maxPolls: 2 }).checkDncr(FIXTURE_REGISTERED)).rejects.toBeInstanceOf(DncrResultPendingError);
  });
});

describe('the washing service failing: checkDncr fails closed with a typed error', () => {
  it.each([
    [1, DncrCredentialsError],
    [2, DncrReferenceNotFoundError],
    [3, DncrAccountSuspendedError],
    [4, DncrSubscriptionExpiredError],
    [5, DncrNoBalanceError],
  ])('WashNumbers return code %i → %s', async (returnCode, errorClass) => {
    expect((await control('POST', '/__sim/dncr/faults', { kind: 'returnCode', operation: 'WashNumbers', returnCode })).status).toBe(201);
    const err = await client()
      .checkDncr('0491 570 103')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errorClass);
    expect(err).toMatchObject({ code: returnCode, operation: 'WashNumbers' });
  });

  it('the real conditions behind the codes: wrong password (1), suspended (3), expired (4), no credits (5)', async () => {
    await expect(client({ credentials: { ...LOGIN, password: 'wrong' } }).checkDncr('0491570104')).rejects.toBeInstanceOf(
      DncrCredentialsError,
    );
    await control('POST', '/__sim/dncr/washer', { status: 'suspended' });
    await expect(client().checkDncr('0491570104')).rejects.toBeInstanceOf(DncrAccountSuspendedError);
    await control('POST', '/__sim/dncr/washer', { status: 'expired' });
    await expect(client().checkDncr('0491570104')).rejects.toBeInstanceOf(DncrSubscriptionExpiredError);
    await control('POST', '/__sim/dncr/washer', { status: 'active', credits: 1 });
    await expect(client().checkDncrMany(['0491570104', '0491570105'])).rejects.toBeInstanceOf(DncrNoBalanceError);
    expect((await control('GET', '/__sim/dncr/washer')).body.credits).toBe(1);
  });

  it('service down → DncrUnavailableError, never "callable"; back up → answers again', async () => {
    await control('POST', '/__sim/dncr/faults', { kind: 'down', times: 2 });
    const c = client();
    await expect(c.checkDncr('0491570106')).rejects.toBeInstanceOf(DncrUnavailableError);
    await expect(c.checkDncr('0491570106')).rejects.toBeInstanceOf(DncrUnavailableError);
    expect(await c.checkDncr('0491570106')).toBe(false);
  });

  it('a slow service holds the answer until the simulator clock reaches it', async () => {
    await control('POST', '/__sim/dncr/faults', { kind: 'slow', delayMs: 10_000 });
    let settled = false;
    const pending = client()
      .checkDncr(FIXTURE_REGISTERED)
      .finally(() => {
        settled = true;
      });
    // The request is held on a timer of the simulator's clock: wait (event-loop turns, no wall time) until it is.
    const clock = sim.clock as VirtualClock;
    for (let turn = 0; clock.pending() === 0 && turn < 10_000; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(clock.nextAt()).toBe(clock.now() + 10_000);
    await clock.advance(9_000);
    expect(settled).toBe(false);
    await clock.advance(1_000);
    expect(await pending).toBe(true);
  });

  it('the balance is readable through the port', async () => {
    const time = drivenClockTime(sim.clock as VirtualClock);
    const dncr = new DncrChecker({ port: new SoapWashAdapter({ wsdl: `${sim.url}/__dncr/soap?wsdl`, credentials: LOGIN, time }), time });
    expect(await dncr.balance()).toBe(100_000);
  });
});
