// `--data` with a suite's subaccount on a virtual clock of its own: after a restart the subaccount is there with its
// credentials and its clock where it stood, the shared clock where it stood, and each account's messages and
// calls carry that account's own dates and go on moving on that account's clock only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DEFAULT_VIRTUAL_EPOCH } from '../../simulator/kernel/clock.js';
import { type ListeningSimulator, startSimulator } from '../../simulator/index.js';
import { sdkAt } from '../helpers/sdk.js';

const HOUR = 3_600_000;
const MAIN_NUMBER = '+61491570156';
const SUITE_NUMBER = '+61491570191';
const PERSON = '+61491570101';

const dirs: string[] = [];
const running: ListeningSimulator[] = [];
afterEach(async () => {
  for (const sim of running.splice(0)) await sim.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(data: string): Promise<ListeningSimulator> {
  const sim = await startSimulator({ port: 0, clock: 'virtual', data });
  running.push(sim);
  return sim;
}

interface Credentials {
  sid: string;
  authToken: string;
}

async function control(sim: ListeningSimulator, account: Credentials, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sim.url}/__sim/${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const sinceEpoch = (date: Date) => date.getTime() - DEFAULT_VIRTUAL_EPOCH;

it('an own-clock subaccount and the shared clock each resume at their own time, with their records’ dates', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'twilio-sim-clocks-'));
  dirs.push(dir);
  const first = await start(dir);
  const main: Credentials = first.accounts[0]!;
  const made = await control(first, main, 'POST', 'accounts', { friendlyName: 'suite A', ownClock: true });
  const suite: Credentials = { sid: made.body.sid, authToken: made.body.authToken };
  const suiteSdk = sdkAt(first.url, suite.sid, suite.authToken);
  await suiteSdk.incomingPhoneNumbers.create({ phoneNumber: SUITE_NUMBER });
  await control(first, suite, 'POST', 'clock/advance', { ms: HOUR });
  const suiteMessage = await suiteSdk.messages.create({ from: SUITE_NUMBER, to: PERSON, body: 'an hour on' });
  const suiteCall = await suiteSdk.calls.create({ from: SUITE_NUMBER, to: PERSON, twiml: '<Response><Hangup/></Response>' });
  const mainMessage = await sdkAt(first.url, main.sid, main.authToken).messages.create({
    from: MAIN_NUMBER,
    to: PERSON,
    body: 'at the start',
  });
  await first.stop();
  running.splice(0);

  const second = await start(dir);
  const suiteClock = await control(second, suite, 'GET', 'clock');
  const mainClock = await control(second, main, 'GET', 'clock');
  expect(suiteClock.status).toBe(200); // the subaccount's credentials were kept
  expect(suiteClock.body).toMatchObject({ own: true, nowMs: DEFAULT_VIRTUAL_EPOCH + HOUR });
  expect(mainClock.body).toMatchObject({ own: false, nowMs: DEFAULT_VIRTUAL_EPOCH });

  const suiteAfter = sdkAt(second.url, suite.sid, suite.authToken);
  const mainAfter = sdkAt(second.url, main.sid, main.authToken);
  expect((await mainAfter.api.v2010.accounts(suite.sid).fetch()).friendlyName).toBe('suite A');
  expect(sinceEpoch((await suiteAfter.messages(suiteMessage.sid).fetch()).dateCreated)).toBe(HOUR);
  expect(sinceEpoch((await suiteAfter.calls(suiteCall.sid).fetch()).dateCreated)).toBe(HOUR);
  expect(sinceEpoch((await mainAfter.messages(mainMessage.sid).fetch()).dateCreated)).toBe(0);

  // Their timers are back on their own clocks: the suite's time moves its records and nobody else's.
  await control(second, suite, 'POST', 'clock/advance', { ms: 10_000 });
  expect((await suiteAfter.messages(suiteMessage.sid).fetch()).status).toBe('delivered');
  expect((await suiteAfter.calls(suiteCall.sid).fetch()).status).toBe('completed');
  expect((await mainAfter.messages(mainMessage.sid).fetch()).status).toBe('queued');
  expect((await control(second, main, 'GET', 'clock')).body.nowMs).toBe(DEFAULT_VIRTUAL_EPOCH);
});
