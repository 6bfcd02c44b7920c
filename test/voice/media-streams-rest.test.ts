// The Calls Streams subresource through the official SDK: start a fork on a live call, stop it by sid.
import { afterEach, expect, it } from 'vitest';
import { type ListeningSimulator, startSimulator, type VirtualClock } from '../../simulator/index.js';
import { CALL, calleeScript } from '../../simulator/resources/calls/scenarios.js';
import { sdkAt } from '../helpers/sdk.js';
import { startAgentServer, type AgentServer } from './helpers/agent-server.js';

let sim: ListeningSimulator;
let agent: AgentServer;

afterEach(async () => {
  await sim?.stop();
  await agent?.close();
});

it('starts a stream on a live call with parameters and stops it by sid', async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  agent = await startAgentServer();
  const clock = sim.clock as VirtualClock;
  const account = sim.accounts[0]!;
  sim.simulator.kernel.scenarios.set(account.sid, CALL, '+61491570111', calleeScript({ ringMs: 0 }));
  const sdk = sdkAt(sim.url, account.sid, account.authToken);
  const call = await sdk.calls.create({ to: '+61491570111', from: '+61491570156', twiml: '<Response><Pause length="60"/></Response>' });

  // Not answered yet: no stream.
  await expect(sdk.calls(call.sid).streams.create({ url: agent.wssUrl })).rejects.toMatchObject({ code: 21220 });
  await clock.advance(2000);

  const stream = await sdk.calls(call.sid).streams.create({
    url: agent.wssUrl,
    name: 'api-fork',
    track: 'both_tracks',
    'parameter1.name': 'source',
    'parameter1.value': 'api',
  } as any);
  expect(stream).toMatchObject({ callSid: call.sid, name: 'api-fork', status: 'in-progress' });
  expect(stream.sid).toMatch(/^MZ[0-9a-f]{32}$/);
  const conn = await agent.nextConnection();
  await clock.advance(1000);
  await conn.until((m) => m.length >= 50);
  expect(conn.messages[1].start).toMatchObject({
    streamSid: stream.sid,
    tracks: ['inbound', 'outbound'],
    customParameters: { source: 'api' },
  });

  const stopped = await sdk.calls(call.sid).streams(stream.sid).update({ status: 'stopped' });
  expect(stopped.status).toBe('stopped');
  expect(await conn.closed).toBe(1000);
  expect(conn.messages.at(-1).event).toBe('stop');
  const fetched = await sdk.calls(call.sid).fetch();
  expect(fetched.status).toBe('in-progress');
  await expect(sdk.calls(call.sid).streams('MZ00000000000000000000000000000000').update({ status: 'stopped' })).rejects.toMatchObject({
    status: 404,
  });
});
