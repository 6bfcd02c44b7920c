// `--data` with a suite's subaccount on a virtual clock of its own: after a restart the subaccount is there with its
// credentials and its clock where it stood, the shared clock where it stood, and each account's messages and
// calls carry that account's own dates and go on moving on that account's clock only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DEFAULT_VIRTUAL_EPOCH } from '../../simulator/kernel/clock.js';
import { type Credentials, controlAt } from '../helpers/control.js';
import { sdkAt } from '../helpers/sdk.js';
import { cleanUp, dataFolder, startOn, stop } from './restarts.js';

const HOUR = 3_600_000;
const MAIN_NUMBER = '+61491570156';
const SUITE_NUMBER = '+61491570191';
const PERSON = '+61491570101';

afterEach(cleanUp);

const sinceEpoch = (date: Date) => date.getTime() - DEFAULT_VIRTUAL_EPOCH;

it('an own-clock subaccount and the shared clock each resume at their own time, with their records’ dates', async () => {
  const dir = dataFolder();
  const first = await startOn(dir);
  const main: Credentials = first.accounts[0]!;
  const made = await controlAt(first.url, main, 'POST', '/__sim/accounts', { friendlyName: 'suite A', ownClock: true });
  const suite: Credentials = { sid: made.body.sid, authToken: made.body.authToken };
  const suiteSdk = sdkAt(first.url, suite.sid, suite.authToken);
  await suiteSdk.incomingPhoneNumbers.create({ phoneNumber: SUITE_NUMBER });
  await controlAt(first.url, suite, 'POST', '/__sim/clock/advance', { ms: HOUR });
  const suiteMessage = await suiteSdk.messages.create({ from: SUITE_NUMBER, to: PERSON, body: 'an hour on' });
  const suiteCall = await suiteSdk.calls.create({ from: SUITE_NUMBER, to: PERSON, twiml: '<Response><Hangup/></Response>' });
  const mainMessage = await sdkAt(first.url, main.sid, main.authToken).messages.create({
    from: MAIN_NUMBER,
    to: PERSON,
    body: 'at the start',
  });
  await stop(first);

  const second = await startOn(dir);
  const suiteClock = await controlAt(second.url, suite, 'GET', '/__sim/clock');
  const mainClock = await controlAt(second.url, main, 'GET', '/__sim/clock');
  expect(suiteClock.status).toBe(200); // the subaccount's credentials were kept; the fixture account's stay in its fixtures
  expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).not.toContain(main.authToken);
  expect(suiteClock.body).toMatchObject({ own: true, nowMs: DEFAULT_VIRTUAL_EPOCH + HOUR, speed: null });
  expect(mainClock.body).toMatchObject({ own: false, nowMs: DEFAULT_VIRTUAL_EPOCH });

  const suiteAfter = sdkAt(second.url, suite.sid, suite.authToken);
  const mainAfter = sdkAt(second.url, main.sid, main.authToken);
  expect((await mainAfter.api.v2010.accounts(suite.sid).fetch()).friendlyName).toBe('suite A');
  expect(sinceEpoch((await suiteAfter.messages(suiteMessage.sid).fetch()).dateCreated)).toBe(HOUR);
  expect(sinceEpoch((await suiteAfter.calls(suiteCall.sid).fetch()).dateCreated)).toBe(HOUR);
  expect(sinceEpoch((await mainAfter.messages(mainMessage.sid).fetch()).dateCreated)).toBe(0);

  // Their timers are back on their own clocks: the suite's time moves its records and nobody else's.
  await controlAt(second.url, suite, 'POST', '/__sim/clock/advance', { ms: 10_000 });
  expect((await suiteAfter.messages(suiteMessage.sid).fetch()).status).toBe('delivered');
  expect((await suiteAfter.calls(suiteCall.sid).fetch()).status).toBe('completed');
  expect((await mainAfter.messages(mainMessage.sid).fetch()).status).toBe('queued');
  expect((await controlAt(second.url, main, 'GET', '/__sim/clock')).body.nowMs).toBe(DEFAULT_VIRTUAL_EPOCH);
});
