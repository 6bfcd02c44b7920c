// The 100k-message side of `npm run bench`, in its own process so its memory is its own: a simulator served on a
// free port holding first 100, then 100,000 delivered messages (each with its two status callbacks logged),
// answering the parent's lists in between. Runs the compiled simulator (npm run bench builds it first).
import { loadFixtures } from '../dist/simulator/fixtures.js';
import { startSimulator } from '../dist/simulator/index.js';

const SENDERS = 50;
const DAY_MS = 86_400_000;
const base = loadFixtures();
const [main, ...rest] = base.accounts;
const numbers = Array.from({ length: SENDERS }, (_, i) => ({
  sid: `PN${String(i).padStart(32, 'b')}`,
  phoneNumber: `+61491570${300 + i}`,
}));
// Callbacks are answered in process (a 200 with an empty body, as a receiver would): the log holds what it would
// hold for a real receiver, without 200,000 HTTP round trips in the measurement.
const answered = async () => ({ status: 200, body: '', contentType: null, failure: null, latencyMs: 0 });
const sim = await startSimulator({
  port: 0,
  clock: 'virtual',
  fixtures: { ...base, accounts: [{ ...main, numbers }, ...rest] },
  // Pacing is not what this measures: a fast pace keeps the simulated span (and the fill) short.
  pacing: { queueLimitMs: Number.MAX_SAFE_INTEGER, segmentsPerSecond: 1_000 },
  webhookTransport: answered,
});
const account = sim.simulator.kernel.accounts.get(sim.accounts[0].sid);
const messages = sim.simulator.messages.service;
let made = 0;

/** Up to `total` messages, delivered; a day passes at the half-way mark so DateSent filters select half. */
async function fill(total) {
  while (made < total) {
    const batch = Math.min(total, made + 1_000);
    for (; made < batch; made++) {
      messages.create(account, {
        // Every other message is from the first sender to the first recipient, so To and From filters select a
        // full page at 100 stored as at 100k; the rest spread over 49 senders and 99 recipients.
        from: numbers[made % 2 === 0 ? 0 : 1 + (made % (SENDERS - 1))].phoneNumber,
        to: `+614915702${made % 2 === 0 ? '01' : String(2 + (made % 98)).padStart(2, '0')}`,
        body: `Your order ${made} is on its way`,
        statusCallback: 'https://app.example.com/twilio/status',
      });
    }
    await sim.clock.runUntilIdle();
    if (made === total / 2 && total > 1_000) await sim.clock.advance(DAY_MS);
  }
}

/** Resident memory once the load is over and the process has idled (V8 hands back pages it no longer needs). */
async function memory() {
  for (let i = 0; i < 8; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    logged: sim.simulator.dispatcher.log().length,
  };
}

process.on('message', async (command) => {
  if (command.fill) {
    await fill(command.fill);
    process.send({ filled: made, url: sim.url, sid: account.sid, token: sim.accounts[0].authToken, memory: await memory() });
  }
  if (command.stop) {
    await sim.stop();
    process.exit(0);
  }
});
process.send({ ready: true });
