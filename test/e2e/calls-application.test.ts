// Calls.create with an ApplicationSid: the TwiML App's voice URL answers the call (its statusCallback too), and a
// Url given alongside wins, as at Twilio.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures } from '../../simulator/fixtures.js';
import { type ListeningSimulator, startSimulator } from '../../simulator/index.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { sdkAt } from '../helpers/sdk.js';

const APP_SID = 'AP5c1e3a9b7d2f4e6a8c0b2d4f6a8c0e2b';

describe('calls through a TwiML App', () => {
  let sim: ListeningSimulator;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    const fixtures = loadFixtures();
    receiver = await new WebhookReceiver(fixtures.accounts[0]!.authToken).start();
    fixtures.accounts[0]!.applications = [
      { sid: APP_SID, voiceUrl: `${receiver.url}/app-voice`, statusCallback: `${receiver.url}/app-status` },
    ];
    sim = await startSimulator({ port: 0, clock: 'virtual', fixtures });
    receiver.reply('/app-voice', { contentType: 'text/xml', body: '<Response><Say>From the app</Say></Response>' });
  });
  afterAll(async () => {
    await receiver.stop();
    await sim.stop();
  });
  const sdk = () => sdkAt(sim.url, sim.accounts[0]!.sid, sim.accounts[0]!.authToken);

  it('asks the app’s voice URL, signed, and reports to the app’s status callback', async () => {
    const call = await sdk().calls.create({ from: '+61491570156', to: '+61491570101', applicationSid: APP_SID });
    await sim.control.runUntilIdle();
    const [fetch] = receiver.on('/app-voice');
    expect(fetch).toMatchObject({ signatureValid: true, params: { CallSid: call.sid, CallStatus: 'in-progress' } });
    expect(receiver.on('/app-status').map((r) => r.params.CallStatus)).toEqual(['completed']);
    expect((await sdk().calls(call.sid).fetch()).status).toBe('completed');
  });

  it('a Url given with the ApplicationSid wins; an ApplicationSid the account lacks is 21218', async () => {
    receiver.reply('/direct', { contentType: 'text/xml', body: '<Response/>' });
    await sdk().calls.create({ from: '+61491570156', to: '+61491570101', applicationSid: APP_SID, url: `${receiver.url}/direct` });
    await sim.control.runUntilIdle();
    expect(receiver.on('/direct')).toHaveLength(1);
    await expect(
      sdk().calls.create({ from: '+61491570156', to: '+61491570101', applicationSid: `AP${'0'.repeat(32)}` }),
    ).rejects.toMatchObject({ status: 400, code: 21218 });
  });
});
