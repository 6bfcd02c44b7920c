// Issue 10 §1.10: stopping the simulator used to cut its websockets off (clients saw 1006, an abnormal closure).
// They now get 1001 "going away", which tells a client the server is leaving rather than that something broke.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulator } from '../../simulator/index.js';
import { basic } from './raw-socket.js';

describe('stopping the simulator', () => {
  it('closes event websockets with 1001 and then stops listening', async () => {
    const sim = await startSimulator({ port: 0, clock: 'virtual' });
    const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/__sim/events`, { headers: { authorization: basic(sim.accounts[0]!) } });
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<[number, string]>((resolve) => ws.once('close', (code, reason) => resolve([code, String(reason)])));
    await sim.stop();
    expect(await closed).toEqual([1001, 'Simulator shutting down']);
    await expect(fetch(`${sim.url}/__sim/health`)).rejects.toThrow();
  });
});
