// Issue 10 §1.10: with HOST=0.0.0.0 the simulator bound every interface while its banner said 127.0.0.1. What it
// reports is now what it bound, plus a URL that works from this machine. (Tests bind loopback only, so the wildcard
// cases go through the function that describes a bound address.)
import { describe, expect, it } from 'vitest';
import { describeListening } from '../../simulator/http/listen-address.js';
import { startSimulator } from '../../simulator/index.js';

describe('where the simulator says it listens', () => {
  it('a loopback bind reports that address and the same URL', async () => {
    const sim = await startSimulator({ port: 0, clock: 'virtual' });
    const port = new URL(sim.url).port;
    expect(sim.bound).toBe(`127.0.0.1:${port}`);
    expect(sim.url).toBe(`http://127.0.0.1:${port}`);
    await sim.stop();
  });

  it.each([
    ['0.0.0.0', 'IPv4', '0.0.0.0:4010', 'http://127.0.0.1:4010'],
    ['::', 'IPv6', '[::]:4010', 'http://[::1]:4010'],
  ])('a wildcard bind (%s) is reported as such, with a loopback URL to use', (address, family, bound, url) => {
    expect(describeListening({ address, family, port: 4010 }, address)).toEqual({ bound, url });
  });

  it('a host name stays in the URL as given', () => {
    expect(describeListening({ address: '127.0.0.1', family: 'IPv4', port: 4010 }, 'localhost')).toEqual({
      bound: '127.0.0.1:4010',
      url: 'http://localhost:4010',
    });
  });
});
