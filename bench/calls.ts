// Calls in the benchmark: (1) 200 calls through their whole life on the virtual clock — CPS queue, ringing,
// answer, a real TwiML fetch from a 127.0.0.1 server, <Say> and <Gather> acted out, four signed status callbacks
// each — timed in wall time, median of several runs; (2) calls.create through the official SDK next to a bare
// express app returning a fixed 201 in the same run (target ≥ 50 % of it).
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import { SimulatorRequestClient } from '../src/testing.js';
import { createSimulator, startSimulator, type VirtualClock } from '../simulator/index.js';

const CALLS = 200;
const RUNS = 5;
const CREATES = Number(process.env.BENCH_CALL_CREATES ?? 1500);

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One run: 200 calls from 20 numbers, all events subscribed, TwiML from a local server. */
async function lifecycles(appUrl: string): Promise<{ ms: number; completed: number }> {
  const sim = createSimulator({ clock: 'virtual' });
  const account = sim.kernel.accounts.get(sim.accounts[0]!.sid)!;
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) {
    sim.calls.service.create(account, {
      from: '+61491570156',
      to: `+614915702${String(i % 100).padStart(2, '0')}`,
      url: `${appUrl}/twiml`,
      statusCallback: `${appUrl}/status`,
      statusCallbackEvents: ['initiated', 'ringing', 'answered', 'completed'],
    });
  }
  await (sim.clock as VirtualClock).runUntilIdle();
  const ms = performance.now() - started;
  const completed = sim.calls.service.list(account, { status: 'completed' }).length;
  return { ms, completed };
}

async function createRate(baseUrl: string, sid: string, token: string): Promise<number> {
  const sdk = twilio(sid, token, { httpClient: new SimulatorRequestClient(baseUrl) });
  const create = (i: number) =>
    sdk.calls.create({
      from: '+61491570156',
      to: `+614915702${String(i % 100).padStart(2, '0')}`,
      twiml: '<Response><Say>Hi</Say></Response>',
    });
  for (let i = 0; i < 200; i++) await create(i); // warm-up
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < CREATES) await create(next++);
    }),
  );
  return CREATES / ((performance.now() - started) / 1000);
}

export async function benchCalls(): Promise<{ lines: string[]; targets: Array<[string, boolean, string]> }> {
  let callbacks = 0;
  const app = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/twiml') {
        res
          .writeHead(200, { 'content-type': 'text/xml' })
          .end('<Response><Say>Hello from the bench</Say><Gather numDigits="1" timeout="2"/></Response>');
      } else {
        callbacks++;
        res.writeHead(204).end();
      }
    });
  });
  const appUrl = await listen(app);
  await lifecycles(appUrl); // warm-up
  const runs: number[] = [];
  let completed = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = await lifecycles(appUrl);
    runs.push(run.ms);
    completed = run.completed;
  }
  app.closeAllConnections();
  app.close();

  const fixed = JSON.stringify({ sid: `CA${'0'.repeat(32)}`, status: 'queued', direction: 'outbound-api' });
  const bare = express();
  bare.use(express.raw({ type: () => true }));
  bare.post('/2010-04-01/Accounts/:sid/Calls.json', (_req, res) => void res.status(201).type('application/json').send(fixed));
  const bareServer = createServer(bare);
  const bareUrl = await listen(bareServer);
  const sim = await startSimulator({ port: 0, clock: 'virtual' });
  const { sid, authToken } = sim.accounts[0]!;
  const baseline: number[] = [];
  const simulated: number[] = [];
  for (let round = 0; round < 3; round++) {
    baseline.push(await createRate(bareUrl, sid, authToken));
    simulated.push(await createRate(sim.url, sid, authToken));
  }
  bareServer.closeAllConnections();
  bareServer.close();
  await sim.stop();

  const ratio = median(simulated) / median(baseline);
  return {
    lines: [
      `- ${CALLS} full call lifecycles (CPS queue, TwiML fetch, <Say>/<Gather>, 4 signed callbacks each; ${callbacks} callbacks in all runs)`,
      `  on the virtual clock: median ${median(runs).toFixed(0)} ms wall (runs ${runs.map((r) => r.toFixed(0)).join(', ')} ms), ${completed}/${CALLS} completed`,
      `- calls.create via the SDK, 8 in flight: ${median(simulated).toFixed(0)} req/s vs bare express ${median(baseline).toFixed(0)} req/s (${(ratio * 100).toFixed(0)} %)`,
    ],
    targets: [
      ['calls.create ≥ 50% of bare express', ratio >= 0.5, `${(ratio * 100).toFixed(0)}%`],
      [`${CALLS} call lifecycles all complete`, completed === CALLS, `${completed}/${CALLS}, ${median(runs).toFixed(0)} ms`],
    ],
  };
}
