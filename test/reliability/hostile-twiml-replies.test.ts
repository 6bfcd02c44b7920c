// Issue 10 #6 and #10: what a user's sms_url answers is hostile input. Deeply nested TwiML used to make
// clock/advance answer 500 with no alert; 20,000 <Message>s became 20,000 messages; entities stayed escaped.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expressHarness, type SimHarness } from '../helpers/harness.js';
import { WebhookReceiver } from '../helpers/receiver.js';

const A = '+61491570156';
const PERSON = '+61491570101';

describe('TwiML replies from an sms_url, as a hostile server would write them', () => {
  let sim: SimHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    sim = await expressHarness();
    receiver = await new WebhookReceiver(sim.accounts[0]!.authToken).start();
  });
  afterAll(async () => {
    await receiver.stop();
    await sim.stop();
  });
  beforeEach(async () => {
    await sim.control('POST', '/__sim/reset');
    const [number] = await sim.sdk().incomingPhoneNumbers.list({ phoneNumber: A });
    await sim
      .sdk()
      .incomingPhoneNumbers(number!.sid)
      .update({ smsUrl: `${receiver.url}/sms` });
  });

  async function textAndSettle(): Promise<{ status: number }> {
    await sim.control('POST', '/__sim/messages/inbound', { from: PERSON, to: A, body: 'hi' });
    return sim.control('POST', '/__sim/clock/run-until-idle');
  }

  it('deeply nested TwiML is a 12100 alert, and moving the clock still answers 200', async () => {
    const depth = 8_000; // 56 kB: under the 64 kB cap, so depth alone must be what fails
    receiver.reply('/sms', { contentType: 'text/xml', body: `<Response>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</Response>` });
    expect((await textAndSettle()).status).toBe(200);
    const { body } = await sim.control('GET', '/__sim/alerts');
    expect(body.alerts.map((a: { code: number }) => a.code)).toContain(12100);
    expect(await sim.sdk().messages.list({ to: PERSON })).toHaveLength(0);
  });

  it('sends at most 10 replies and raises 14109 for the rest', async () => {
    receiver.reply('/sms', { contentType: 'text/xml', body: `<Response>${'<Message>r</Message>'.repeat(2_000)}</Response>` });
    expect((await textAndSettle()).status).toBe(200);
    expect(await sim.sdk().messages.list({ to: PERSON })).toHaveLength(10);
    const { body } = await sim.control('GET', '/__sim/alerts');
    expect(body.alerts).toEqual([expect.objectContaining({ code: 14109 })]);
  });

  it('expands XML entities and character references in a reply', async () => {
    receiver.reply('/sms', { contentType: 'text/xml', body: '<Response><Message>Fish &amp; chips &lt;3 &#x263A;</Message></Response>' });
    await textAndSettle();
    const [reply] = await sim.sdk().messages.list({ to: PERSON });
    expect(reply?.body).toBe('Fish & chips <3 ☺');
  });

  it('a reply over 64 kB is refused whole (11750)', async () => {
    receiver.reply('/sms', { contentType: 'text/xml', body: `<Response><Message>${'x'.repeat(70_000)}</Message></Response>` });
    await textAndSettle();
    expect(await sim.sdk().messages.list({ to: PERSON })).toHaveLength(0);
    const { body } = await sim.control('GET', '/__sim/alerts');
    expect(body.alerts.map((a: { code: number }) => a.code)).toEqual([11750]);
  });
});
