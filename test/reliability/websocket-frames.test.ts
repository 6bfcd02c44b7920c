// Issue 10 §1.1: one malformed frame on /__sim/events used to kill the whole simulator (the socket had no error
// listener, so ws's protocol error became an uncaught exception). Each bad frame now closes only that socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { closed, frame, rawEventSocket } from './raw-socket.js';

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
});
afterAll(() => sim.stop());

const BAD_FRAMES: Array<[string, Buffer]> = [
  ['a reserved opcode (0x3)', frame(0x3, Buffer.alloc(0))],
  ['an unmasked client frame', frame(0x1, Buffer.from('hi'), { mask: false })],
  ['a text frame that is not UTF-8', frame(0x1, Buffer.from([0xff, 0xfe]))],
  ['a control frame split across fragments', frame(0x9, Buffer.alloc(0), { fin: false })],
  // The stream takes no input, so a large message is refused rather than buffered (ws would take up to 100 MiB).
  ['a 100 KB message', frame(0x1, Buffer.alloc(100_000, 0x61))],
];

describe('the events websocket survives any frame', () => {
  it.each(BAD_FRAMES)('%s closes that socket and the simulator keeps answering', async (_name, bad) => {
    const socket = await rawEventSocket(sim.url, sim.accounts[0]!);
    socket.write(bad);
    await closed(socket);
    const health = await fetch(`${sim.url}/__sim/health`);
    expect(health.status).toBe(200);
  });
});
