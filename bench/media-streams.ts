// Media Streams under load: 50 concurrent <Connect><Stream> calls in real time (frame interval jitter as the agent
// sees it, and CPU), and one 10-minute call on the virtual clock (wall time). The agent is a ws server in this
// same process, so the CPU figure covers both ends of every socket.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { createSimulator, type VirtualClock } from '../simulator/index.js';
import { CALL, calleeScript } from '../simulator/resources/calls/scenarios.js';
import { percentile } from './process-facts.js';

const twimlFor = (url: string) => `<Response><Connect><Stream url="${url}"/></Connect></Response>`;

async function agentServer(onMedia: (connection: number, at: number) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  let connections = 0;
  let stops = 0;
  wss.on('connection', (socket) => {
    const id = connections++;
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      const text = data.toString();
      // Only the event name matters here; parsing every frame's JSON would measure the agent, not the simulator.
      if (text.startsWith('{"event":"media"')) onMedia(id, performance.now());
      else if (text.startsWith('{"event":"stop"')) stops++;
    });
  });
  return {
    url: `wss://127.0.0.1:${(wss.address() as AddressInfo).port}/bench`,
    stops: () => stops,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

export async function concurrentRealTime(streams: number, seconds: number) {
  const last = new Map<number, number>();
  const jitter: number[] = [];
  let frames = 0;
  const agent = await agentServer((id, at) => {
    frames++;
    const previous = last.get(id);
    if (previous !== undefined) jitter.push(Math.abs(at - previous - 20));
    last.set(id, at);
  });
  const sim = createSimulator({ clock: 'real', calls: { cps: { accountCps: 1000, perNumberCps: 0 } } });
  const accountSid = sim.accounts[0]!.sid;
  const account = sim.kernel.accounts.get(accountSid)!;
  for (let i = 0; i < streams; i++) {
    const to = `+614915703${String(i).padStart(2, '0')}`;
    sim.kernel.scenarios.set(accountSid, CALL, to, calleeScript({ ringMs: 0, hangUpAfterMs: seconds * 1000 }));
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < streams; i++) {
    sim.calls.service.create(account, { to: `+614915703${String(i).padStart(2, '0')}`, from: '+61491570156', twiml: twimlFor(agent.url) });
  }
  // Wait (on the host, this is the bench's own stopwatch) until every call has hung up and said stop.
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (agent.stops() >= streams || performance.now() - started > (seconds + 15) * 1000) {
        clearInterval(poll);
        resolve();
      }
    }, 100);
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  sim.dispose();
  await agent.close();
  jitter.sort((a, b) => a - b);
  return {
    streams,
    seconds,
    frames,
    stops: agent.stops(),
    p50: percentile(jitter, 50),
    p99: percentile(jitter, 99),
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
  };
}

export async function tenMinutesVirtual() {
  let frames = 0;
  const agent = await agentServer(() => frames++);
  const sim = createSimulator({ clock: 'virtual' });
  const accountSid = sim.accounts[0]!.sid;
  const account = sim.kernel.accounts.get(accountSid)!;
  sim.kernel.scenarios.set(accountSid, CALL, '+61491570299', calleeScript({ ringMs: 0, hangUpAfterMs: 10 * 60 * 1000 }));
  sim.calls.service.create(account, { to: '+61491570299', from: '+61491570156', twiml: twimlFor(agent.url) });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await (sim.clock as VirtualClock).runUntilIdle();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  sim.dispose();
  await agent.close();
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, framesExpected: 10 * 60 * 50, frames };
}
