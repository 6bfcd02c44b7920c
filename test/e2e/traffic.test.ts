// A few hundred realistic messages at once: whatever the mix, the simulator's books must balance — every message
// delivered exactly once, callbacks in order per message, filters partitioning the list, prices equal to segments ×
// the AU rate, and each sender's messages leaving one segment-second apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressHarness, type SimHarness } from '../helpers/harness.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { plannedTraffic } from '../helpers/traffic.js';

const SENDERS = ['+61491570156', '+61491570157', '+61491570158'];

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

describe('seeded traffic (faker)', () => {
  it('balances: delivered once each, ordered callbacks, partitioned lists, exact prices, paced senders', async () => {
    const plan = plannedTraffic({ seed: 2026, count: 240, senders: SENDERS, recipients: 12 });
    const sdk = sim.sdk();
    const created = [];
    for (const p of plan) created.push(await sdk.messages.create({ ...p, statusCallback: `${receiver.url}/status` }));
    await sim.clock.runUntilIdle();

    const all = await sdk.messages.list({ pageSize: 37 });
    expect(all.map((m) => m.sid)).toEqual(created.map((m) => m.sid).reverse());
    expect(all.every((m) => m.status === 'delivered')).toBe(true);
    for (const m of all) expect(m.price).toBe((-0.08 * Number(m.numSegments)).toFixed(5));

    const byRecipient = new Map<string, number>();
    for (const p of plan) byRecipient.set(p.to, (byRecipient.get(p.to) ?? 0) + 1);
    for (const [to, count] of byRecipient) expect(await sdk.messages.list({ to })).toHaveLength(count);

    const statuses = new Map<string, string[]>();
    for (const r of receiver.on('/status'))
      statuses.set(r.params.MessageSid!, [...(statuses.get(r.params.MessageSid!) ?? []), r.params.MessageStatus!]);
    expect(statuses.size).toBe(plan.length);
    for (const sequence of statuses.values()) expect(sequence).toEqual(['sent', 'delivered']);
    expect(receiver.received.every((r) => r.signatureValid)).toBe(true);

    // Per sender, the `sent` callbacks are spaced by the previous message's segments × 1000 ms.
    const log = (await sim.control('GET', '/__sim/webhooks?kind=sms-status')).body.deliveries as Array<{
      at: string;
      params: Record<string, string>;
    }>;
    const segmentsOf = new Map(all.map((m) => [m.sid, Number(m.numSegments)]));
    for (const sender of SENDERS) {
      const sent = log.filter((d) => d.params.From === sender && d.params.MessageStatus === 'sent');
      for (let i = 1; i < sent.length; i++) {
        const gap = Date.parse(sent[i]!.at) - Date.parse(sent[i - 1]!.at);
        expect(gap).toBe(segmentsOf.get(sent[i - 1]!.params.MessageSid!)! * 1000);
      }
    }
  });
});
