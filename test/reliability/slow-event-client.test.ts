// Issue 10 §1.3: an /__sim/events client that stops reading used to make the simulator queue events for it without
// end. Its queue is bounded now: past the limit it is closed with 1008 and a log line, and other clients carry on.
// The limit is lowered to 64 KiB here; the kernel's socket buffers still take a few MB first, so the test keeps
// producing events until the simulator reports the drop (bounded: it fails past 20,000 events, about 50 MB).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { basic } from './raw-socket.js';

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual', eventsMaxQueuedBytes: 64 * 1024 });
});
afterAll(() => sim.stop());

async function subscribe(): Promise<WebSocket> {
  const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/__sim/events`, { headers: { authorization: basic(sim.accounts[0]!) } });
  await new Promise((resolve) => ws.once('open', resolve));
  return ws;
}

describe('an events client that stops reading', () => {
  it('is closed with 1008 and a log line once its queue passes the limit; a reading client is untouched', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const slow = await subscribe();
    const healthy = await subscribe();
    // Stop reading from the TCP socket, as a stuck consumer would.
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    const closed = new Promise<[number, string]>((resolve) => slow.once('close', (code, reason) => resolve([code, String(reason)])));

    const body = 'x'.repeat(1600); // ~2.5 KB per event
    let events = 0;
    while (!warn.mock.calls.some(([line]) => String(line).includes('dropped (close 1008)'))) {
      expect(events, 'the slow client should be dropped after a few MB').toBeLessThan(20_000);
      for (let i = 0; i < 500; i++) sim.control.inbound({ from: '+61491570101', to: '+61491570156', body });
      events += 500;
      await nextTurn(); // let the sockets write what they can
    }
    warn.mockRestore();

    // Once it reads again, it gets what was queued before the drop, then the close frame saying why.
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toEqual([1008, 'Too slow: stopped reading events']);

    // The reading client stayed open and still receives new events.
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    const next = new Promise<string>((resolve) =>
      healthy.on('message', (data) => String(data).includes('"body":"after"') && resolve(JSON.parse(String(data)).type)),
    );
    sim.control.inbound({ from: '+61491570101', to: '+61491570156', body: 'after' });
    expect(await next).toBe('message.created');
    healthy.close();
  });
});
