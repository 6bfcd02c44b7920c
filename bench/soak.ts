// The soak (issue 10 §5): 50 messages a second for BENCH_SOAK_MINUTES (default 10) on the real clock, through the
// official SDK, against `node dist/simulator/cli.js` in a child process; every message asks for status callbacks,
// which a receiver on 127.0.0.1 counts. Every 10 s: the child's RSS (/proc) and the creates' latency. Every minute:
// its heap after full collections (gc-probe.mjs, preloaded into the unchanged CLI).
//
// The simulator keeps every message (there is no retention setting; Twilio keeps them too), so its memory grows by
// the records themselves. To tell that from a leak, the soak ends by deleting every message it created through
// the API: the heap freed by that, per message, is what a stored message costs, and whatever stays above the heap
// at the start is growth that is not records.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import { SimulatorRequestClient } from '../src/testing.js';
import { type CliSimulator, MB, percentile, processFacts, startCli } from './process-facts.js';
import type { Part } from './results-file.js';

const MINUTES = Math.max(1, Math.floor(Number(process.env.BENCH_SOAK_MINUTES ?? 10)) || 1);
const PER_SECOND = 50;
const SAMPLE_MS = 10_000;
const SENDER = '+61491570156';
/** The rule for "flat", stated in RESULTS.md: against minute 2 (minute 1 in runs shorter than 3 minutes). */
const RSS_ALLOWANCE = { share: 0.2, bytes: 30 * MB };
const P99_ALLOWANCE = { factor: 1.5, floorMs: 5 };

interface Create {
  at: number;
  ms: number;
  ok: boolean;
}

async function callbackReceiver() {
  const statuses: Record<string, number> = {};
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const status = new URLSearchParams(body).get('MessageStatus') ?? 'unknown';
      statuses[status] = (statuses[status] ?? 0) + 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`,
    statuses,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A long code sends 1 segment/s; 50/s needs a raised-throughput sender, as a short code would be on Twilio. */
async function raiseSenderRate(sim: CliSimulator) {
  const res = await fetch(`${sim.url}/__sim/senders`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${sim.sid}:${sim.token}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ number: SENDER, segmentsPerSecond: PER_SECOND * 2 }),
  });
  if (res.status !== 200) throw new Error(`POST /__sim/senders: ${res.status} ${await res.text()}`);
}

/** Least-squares slope of (x ms, y bytes) in MB per minute. */
function slopeMbPerMinute(points: Array<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return ((num / den) * 60_000) / MB;
}

export async function benchSoak(): Promise<Part> {
  const sim = await startCli({ gcProbe: true });
  const receiver = await callbackReceiver();
  await raiseSenderRate(sim);
  const sdk = twilio(sim.sid, sim.token, { httpClient: new SimulatorRequestClient(sim.url) });
  const creates: Create[] = [];
  const sids: string[] = [];
  const errors: string[] = [];
  const rss: Array<{ at: number; rss: number }> = [];
  const heaps = [await sim.heapAfterGc()];
  const startedAt = performance.now();
  const endAt = startedAt + MINUTES * 60_000;

  // Open loop: each create is due at start + i × 20 ms whether or not earlier ones have answered, so a slow
  // answer shows as latency instead of quietly lowering the load.
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const pacer = setInterval(() => {
    const now = performance.now();
    const due = Math.floor(((Math.min(now, endAt) - startedAt) / 1000) * PER_SECOND);
    for (; sent < due; sent++) {
      const at = performance.now();
      const i = sent;
      const call = sdk.messages
        .create({ from: SENDER, to: `+614915702${String(i % 100).padStart(2, '0')}`, body: `soak ${i}`, statusCallback: receiver.url })
        .then(
          (m) => {
            creates.push({ at: at - startedAt, ms: performance.now() - at, ok: true });
            sids.push(m.sid);
          },
          (error: Error) => {
            creates.push({ at: at - startedAt, ms: performance.now() - at, ok: false });
            if (errors.length < 5) errors.push(error.message);
          },
        )
        .finally(() => pending.delete(call));
      pending.add(call);
    }
  }, 5);
  const sampler = setInterval(() => {
    const f = processFacts(sim.pid);
    if (f) rss.push({ at: performance.now() - startedAt, rss: f.rss });
  }, SAMPLE_MS);
  for (let minute = 1; minute <= MINUTES; minute++) {
    await sleep(startedAt + minute * 60_000 - performance.now());
    heaps.push(await sim.heapAfterGc());
  }
  clearInterval(pacer);
  clearInterval(sampler);
  await Promise.all(pending);
  // The last messages need ~2 s (sent after 0.2 s, delivered 1.5 s later) to reach their final callbacks.
  await sleep(5_000);
  const callbacks = { ...receiver.statuses };
  const loaded = await sim.heapAfterGc();

  const deleteStarted = performance.now();
  let next = 0;
  let deleteErrors = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < sids.length) {
        const sid = sids[next++]!;
        await sdk
          .messages(sid)
          .remove()
          .catch(() => deleteErrors++);
      }
    }),
  );
  const deleteSeconds = (performance.now() - deleteStarted) / 1000;
  await sleep(2_000);
  const emptied = await sim.heapAfterGc();
  receiver.close();
  const up = sim.child.exitCode === null;
  await sim.stop();

  // Figures per minute and for the three windows the rule compares.
  const minuteOf = (atMs: number) => Math.floor(atMs / 60_000);
  const ref = MINUTES >= 3 ? 1 : 0;
  const last = MINUTES - 1;
  const windowStats = (minute: number) => {
    const ms = creates
      .filter((c) => minuteOf(c.at) === minute)
      .map((c) => c.ms)
      .sort((a, b) => a - b);
    // The RSS sample at the end of a minute (taken at 10 s, 20 s, … 60 s into it) belongs to that minute.
    const memory = rss
      .filter((s) => minuteOf(s.at - 1) === minute)
      .map((s) => s.rss)
      .sort((a, b) => a - b);
    return {
      count: ms.length,
      p50: percentile(ms, 50),
      p99: percentile(ms, 99),
      rss: percentile(memory, 50),
      heap: heaps[minute + 1]!,
    };
  };
  const minutes = Array.from({ length: MINUTES }, (_, m) => windowStats(m));
  const refStats = minutes[ref]!;
  const lastStats = minutes[last]!;

  const ok = creates.filter((c) => c.ok).length;
  const bytesPerMessage = (loaded - emptied) / Math.max(1, sids.length - deleteErrors);
  /** Messages the simulator gained between the middles of the reference and the last minute. */
  const recordsBetween = (last - ref) * 60 * PER_SECOND;
  const rssGrowth = lastStats.rss - refStats.rss;
  const rssGrowthBeyondRecords = rssGrowth - recordsBetween * bytesPerMessage;
  const rssAllowed = Math.max(RSS_ALLOWANCE.share * refStats.rss, RSS_ALLOWANCE.bytes);
  const rssFlat = rssGrowthBeyondRecords <= rssAllowed;
  const p99Allowed = Math.max(P99_ALLOWANCE.factor * refStats.p99, P99_ALLOWANCE.floorMs);
  const p99Flat = lastStats.p99 <= p99Allowed;
  const slope = slopeMbPerMinute(rss.filter((s) => minuteOf(s.at - 1) >= ref).map((s) => ({ x: s.at, y: s.rss })));
  const recordsSlope = (bytesPerMessage * PER_SECOND * 60) / MB;
  const leftover = emptied - heaps[0]!;
  const delivered = callbacks.delivered ?? 0;
  const everyCallback = ok > 0 && delivered === ok && (callbacks.sent ?? 0) === ok;
  const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
  const refName = `minute ${ref + 1}`;

  return {
    name: 'soak',
    title: 'Soak: 50 messages/s on the real clock (issue 10 §5)',
    lines: [
      `- ${MINUTES} min (BENCH_SOAK_MINUTES) at ${PER_SECOND} messages.create/s through the SDK, open loop, on the real clock, ` +
        `from one sender raised to ${PER_SECOND * 2} segments/s (POST /__sim/senders); ${creates.length} creates, ${creates.length - ok} errors` +
        (errors.length ? ` (first: ${errors.join('; ')})` : ''),
      `- status callbacks to a 127.0.0.1 receiver: ${callbacks.sent ?? 0} sent, ${delivered} delivered, ` +
        `${
          Object.entries(callbacks)
            .filter(([s]) => s !== 'sent' && s !== 'delivered')
            .map(([s, n]) => `${n} ${s}`)
            .join(', ') || 'nothing else'
        } (expected ${ok} of each)`,
      `- first minute: RSS ${mb(minutes[0]!.rss)}, create p50 ${minutes[0]!.p50.toFixed(1)} ms, p99 ${minutes[0]!.p99.toFixed(1)} ms; ` +
        `${refName}: RSS ${mb(refStats.rss)}, p50 ${refStats.p50.toFixed(1)} ms, p99 ${refStats.p99.toFixed(1)} ms; ` +
        `last minute: RSS ${mb(lastStats.rss)}, p50 ${lastStats.p50.toFixed(1)} ms, p99 ${lastStats.p99.toFixed(1)} ms`,
      `- RSS slope from ${refName} on: ${slope.toFixed(2)} MB/min, of which stored messages account for ${recordsSlope.toFixed(2)} MB/min`,
      `- a stored message costs ${(bytesPerMessage / 1024).toFixed(2)} KB of heap: deleting all ${sids.length} through the API ` +
        `(${deleteSeconds.toFixed(0)} s, ${deleteErrors} errors) took the heap after GC from ${mb(loaded)} to ${mb(emptied)}; ` +
        `at the start it was ${mb(heaps[0]!)}, so ${mb(leftover)} stays: the webhook delivery log (it keeps the last 10,000 ` +
        "deliveries) and each deleted message's creation-order entry, kept so paging cursors survive a delete. That entry " +
        'stays out of the cost above, so the rule below subtracts slightly less than the records grow and errs strict. ' +
        `Process ${up ? 'up' : '**gone**'} at the end`,
      `- rule for "flat": last-minute RSS minus ${refName}'s, less the stored messages added in between ` +
        `(${recordsBetween} × the cost above), within +${RSS_ALLOWANCE.share * 100} % of ${refName}'s RSS or ` +
        `+${RSS_ALLOWANCE.bytes / MB} MB, whichever is larger; last-minute create p99 within ${P99_ALLOWANCE.factor}× ` +
        `${refName}'s (or under ${P99_ALLOWANCE.floorMs} ms, below which it is timer noise). Measured: ${mb(rssGrowth)} grown, ` +
        `${mb(rssGrowthBeyondRecords)} beyond records (allowed ${mb(rssAllowed)}); p99 ${lastStats.p99.toFixed(1)} ms (allowed ${p99Allowed.toFixed(1)} ms)`,
      "- one full collection a minute (for the heap column) runs inside the simulator's process and counts in that minute's latency",
      '',
      '| minute | creates | p50 | p99 | RSS (median of 10 s samples) | heap after GC, end of minute |',
      '| --- | --- | --- | --- | --- | --- |',
      ...minutes.map(
        (m, i) => `| ${i + 1} | ${m.count} | ${m.p50.toFixed(1)} ms | ${m.p99.toFixed(1)} ms | ${mb(m.rss)} | ${mb(m.heap)} |`,
      ),
    ],
    targets: [
      [
        `soak: ${MINUTES} min at ${PER_SECOND} msg/s, 0 errors, every callback`,
        up && ok === creates.length && everyCallback,
        `${creates.length - ok} errors, ${delivered}/${ok} delivered callbacks`,
      ],
      [`soak: RSS flat beyond stored messages (rule below)`, rssFlat, `${mb(rssGrowthBeyondRecords)} (allowed ${mb(rssAllowed)})`],
      [
        `soak: create p99 last minute ≤ ${P99_ALLOWANCE.factor}× ${refName}`,
        p99Flat,
        `${lastStats.p99.toFixed(1)} ms vs ${refStats.p99.toFixed(1)} ms`,
      ],
    ],
  };
}
