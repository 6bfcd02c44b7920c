// Lookups and the Do Not Call Register in the benchmark: Lookups v2 fetch through the official SDK next to a bare
// express app returning a fixed lookup (same run, target ≥ 50 %), and washing 10,000 numbers through the production
// DNCR client against the simulated register's SOAP service (wall time and calls made; fewest possible: 20).
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import { DncrChecker, SoapWashAdapter, timeSourceFromClock } from '../src/index.js';
import { SimulatorRequestClient } from '../src/testing.js';
import { startSimulator } from '../simulator/index.js';

const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 2000);
const IN_FLIGHT = 16;
const ROUNDS = 5;
const WASH_NUMBERS = 10_000;
const WASH_RUNS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function rate(total: number, send: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) await send(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function lookupThroughput() {
  const fixed = JSON.stringify({ phone_number: '+61491570156', valid: true, line_type_intelligence: { type: 'mobile' } });
  const bare = express();
  bare.get('/v2/PhoneNumbers/:n', (_req, res) => void res.status(200).type('application/json').send(fixed));
  const bareServer = createServer(bare);
  const bareUrl = await listen(bareServer);
  const sim = await startSimulator({ port: 0, clock: 'virtual' });
  const account = sim.accounts[0]!;
  const fetcher = (baseUrl: string) => {
    const sdk = twilio(account.sid, account.authToken, { httpClient: new SimulatorRequestClient(baseUrl) });
    return (i: number) =>
      sdk.lookups.v2.phoneNumbers(`+61491570${String(i % 1000).padStart(3, '0')}`).fetch({ fields: 'line_type_intelligence' });
  };
  const targets = [fetcher(bareUrl), fetcher(sim.url)];
  for (const t of targets) await rate(300, t);
  const rounds: number[][] = [[], []];
  for (let round = 0; round < ROUNDS; round++) for (const [i, t] of targets.entries()) rounds[i]!.push(await rate(LOOKUPS, t));
  bareServer.closeAllConnections();
  bareServer.close();
  await sim.stop();
  return { baseline: median(rounds[0]!), simulated: median(rounds[1]!) };
}

async function washTenThousand() {
  const sim = await startSimulator({ port: 0, clock: 'virtual' });
  let calls = 0;
  sim.simulator.kernel.events.on('dncr.washed', () => void calls++);
  const list = Array.from({ length: WASH_NUMBERS }, (_, i) => `+614915${String(i).padStart(5, '0')}`);
  const times: number[] = [];
  const callsPerRun: number[] = [];
  for (let run = 0; run <= WASH_RUNS; run++) {
    sim.simulator.reset(); // fresh credits and wash log
    calls = 0;
    const time = timeSourceFromClock(sim.clock);
    const port = new SoapWashAdapter({
      wsdl: `${sim.url}/__dncr/soap?wsdl`,
      credentials: { telemarketerId: 'TM1001', userId: 'washer', password: 'dncr-sim-pass' },
      time,
    });
    const checker = new DncrChecker({ port, time });
    const started = performance.now();
    const verdicts = await checker.checkMany(list);
    const elapsed = performance.now() - started;
    if (verdicts.length !== WASH_NUMBERS) throw new Error('bench: a verdict is missing');
    if (run === 0) continue; // warm-up: WSDL parsing and JIT
    times.push(elapsed);
    callsPerRun.push(calls);
  }
  await sim.stop();
  return { medianMs: median(times), calls: median(callsPerRun) };
}

export async function benchLookupsAndDncr(): Promise<{ lines: string[]; targets: Array<[string, boolean, string]> }> {
  const lookups = await lookupThroughput();
  const ratio = lookups.simulated / lookups.baseline;
  const wash = await washTenThousand();
  const fewest = Math.ceil(WASH_NUMBERS / 500);
  return {
    lines: [
      `- lookups.v2.phoneNumbers(n).fetch({ fields: 'line_type_intelligence' }), ${IN_FLIGHT} in flight, median of ${ROUNDS} interleaved rounds:`,
      `  ${lookups.simulated.toFixed(0)} req/s vs bare express ${lookups.baseline.toFixed(0)} req/s (${(ratio * 100).toFixed(0)} %)`,
      `- checkDncrMany of ${WASH_NUMBERS} numbers via SoapWashAdapter → simulated register: median ${wash.medianMs.toFixed(0)} ms of ${WASH_RUNS} runs, ${wash.calls} WashNumbers calls`,
    ],
    targets: [
      ['Lookups fetch ≥ 50% of bare express', ratio >= 0.5, `${(ratio * 100).toFixed(0)}%`],
      [
        `10,000 numbers washed in the fewest calls (${fewest})`,
        wash.calls === fewest,
        `${wash.calls} calls, ${wash.medianMs.toFixed(0)} ms`,
      ],
    ],
  };
}
