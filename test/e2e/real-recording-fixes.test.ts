// Issue 12 §2: behaviour corrected because real Twilio answered otherwise. Each case names the recording in
// ../shared/real-recordings it comes from (the contract suite replays them too when that folder is present).
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../simulator/http/app.js';
import { createSimulator } from '../../simulator/index.js';
import { loadFixtures } from '../../simulator/fixtures.js';

// A US number of the account, as in the recordings' accounts (they sent from US numbers).
const US_NUMBER = '+12566175732';
const fixtures = loadFixtures();
fixtures.accounts[0]!.numbers = [...(fixtures.accounts[0]!.numbers ?? []), { sid: `PN${'a'.repeat(32)}`, phoneNumber: US_NUMBER }];
const sim = createSimulator({ clock: 'virtual', fixtures });
const app = createApp(sim);
const { sid, authToken } = sim.accounts[0]!;
const send = (form: Record<string, string>) =>
  request(app)
    .post(`/2010-04-01/Accounts/${sid}/Messages.json`)
    .auth(sid, authToken)
    .type('form')
    .send({ Body: 'hi', ...form });

describe('numbers read as real Twilio reads them', () => {
  it('refuses +91700004379, one digit short of an Indian mobile, with 21211 (messages-create-400-21211-5, 2023)', async () => {
    const res = await send({ From: '+61491570156', To: '+91700004379' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(21211);
  });

  it('reads a national To in the From number’s country (messages-create-201-1: 9852369794 from a US number)', async () => {
    const res = await send({ From: US_NUMBER, To: '9852369794' });
    expect(res.status).toBe(201);
    expect(res.body.to).toBe('+19852369794');
    const au = await send({ From: '+61491570156', To: '0491 570 101' });
    expect(au.body.to).toBe('+61491570101');
  });

  it('matches a From given without its + to the owned number (messages-create-201-12: 12566175732)', async () => {
    const res = await send({ From: '12566175732', To: '+61491570101' });
    expect(res.status).toBe(201);
    expect(res.body.from).toBe(US_NUMBER);
  });

  it('checks the From before the To: an unreadable From is 21212 even with a bad To (messages-create-400-21212-1..4)', async () => {
    const res = await send({ From: '5039463641', To: '111111' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(21212);
  });

  it('words errors as the newest recordings do: the refused To masked, no final period (messages-create-400-21211-5)', async () => {
    const res = await send({ From: '+61491570156', To: '+91700004379' });
    expect(res.body.message).toBe("The 'To' number +9170000XXXX is not a valid phone number");
    const unowned = await send({ From: '+61491570199', To: '+61491570101' });
    expect(unowned.body).toMatchObject({
      code: 21606,
      message: 'The From phone number +61491570199 is not a valid, SMS-capable inbound phone number or short code for your account.',
    });
  });

  it('words the magic call refusals as real Twilio did (calls-create-400-21217-1, calls-create-400-21215-1)', async () => {
    const call = (to: string) =>
      request(app)
        .post(`/2010-04-01/Accounts/${sid}/Calls.json`)
        .auth(sid, authToken)
        .type('form')
        .send({ From: '+15005550006', To: to, Url: 'https://example.com/twiml' });
    expect((await call('+15005550001')).body.message).toBe('+15005550001 does not appear to be a valid phone number');
    expect((await call('+15005550003')).body.message).toMatch(/^Account not authorized to call \+15005550003\. Perhaps you need to enable/);
  });
});
