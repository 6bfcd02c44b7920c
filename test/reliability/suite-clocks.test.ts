// Issue 10 §3 and defect 7: one simulator, many suites. A suite's account may run on a virtual clock of its own:
// advancing it, or a slow webhook receiver of that suite, never moves or stalls another suite's time.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningSimulator, startSimulator } from '../../simulator/index.js';
import { sdkAt } from '../helpers/sdk.js';

interface Suite {
  sid: string;
  authToken: string;
  number: string;
}

describe('suites on clocks of their own', () => {
  let sim: ListeningSimulator;
  let receiver: Server;
  let receiverUrl = '';
  const held: ServerResponse[] = [];
  let holding = true;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, clock: 'virtual' });
    // Answers /slow only when the test lets go; everything else at once.
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => (holding && req.url?.startsWith('/slow') ? held.push(res) : res.writeHead(204).end()));
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of held) res.end();
    receiver.closeAllConnections();
    receiver.close();
    await sim.stop();
  });

  async function control(account: { sid: string; authToken: string }, path: string, body: unknown = {}) {
    const res = await fetch(`${sim.url}/__sim/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function suite(name: string, number: string): Promise<Suite> {
    const made = await control(sim.accounts[0]!, 'accounts', { friendlyName: name, ownClock: true });
    expect(made.status).toBe(201);
    expect(made.body.clock.own).toBe(true);
    await sdkAt(sim.url, made.body.sid, made.body.authToken).incomingPhoneNumbers.create({ phoneNumber: number });
    return { sid: made.body.sid, authToken: made.body.authToken, number };
  }

  const send = (s: Suite, statusCallback: string) =>
    sdkAt(sim.url, s.sid, s.authToken).messages.create({ from: s.number, to: '+61491570101', body: 'hi', statusCallback });
  const status = async (s: Suite, messageSid: string) => (await sdkAt(sim.url, s.sid, s.authToken).messages(messageSid).fetch()).status;

  it('advancing one suite’s clock moves its messages and no one else’s', async () => {
    const a = await suite('suite A', '+61491570191');
    const b = await suite('suite B', '+61491570192');
    const sharedBefore = sim.clock.now();
    const fromA = await send(a, `${receiverUrl}/a`);
    const fromB = await send(b, `${receiverUrl}/b`);

    const advanced = await control(a, 'clock/advance', { ms: 10_000 });
    expect(advanced.body).toMatchObject({ own: true, kind: 'virtual' });
    expect(await status(a, fromA.sid)).toBe('delivered');
    expect(await status(b, fromB.sid)).toBe('queued');
    expect(sim.clock.now()).toBe(sharedBefore);

    await control(b, 'clock/advance', { ms: 10_000 });
    expect(await status(b, fromB.sid)).toBe('delivered');
  });

  it('a slow receiver of one suite does not stall another suite’s run-until-idle', async () => {
    const slow = await suite('slow suite', '+61491570193');
    const quick = await suite('quick suite', '+61491570194');
    await send(slow, `${receiverUrl}/slow`);
    const fromQuick = await send(quick, `${receiverUrl}/quick`);

    // The slow suite's clock now waits for its receiver, which does not answer yet.
    const slowIdle = control(slow, 'clock/run-until-idle');
    let slowDone = false;
    void slowIdle.then(() => (slowDone = true));
    await expect.poll(() => held.length).toBeGreaterThan(0);

    expect((await control(quick, 'clock/run-until-idle')).status).toBe(200);
    expect(await status(quick, fromQuick.sid)).toBe('delivered');
    expect(slowDone).toBe(false);

    holding = false;
    for (const res of held.splice(0)) res.writeHead(204).end();
    expect((await slowIdle).status).toBe(200);
  });

  it('a virtual phone in a suite on its own clock waits on that clock, and the shared one stays put', async () => {
    const suiteA = await suite('phone suite', '+61491570195');
    const phone = sim.simulator.phone('+61491570101', { accountSid: suiteA.sid });
    const sharedBefore = sim.clock.now();
    await send(suiteA, `${receiverUrl}/phone`);
    const text = await phone.expectSms({ from: suiteA.number, matching: 'hi' });
    expect(text.body).toBe('hi');
    expect(sim.clock.now()).toBe(sharedBefore);
    expect(sim.controlFor(suiteA.sid).clock().nowMs).toBeGreaterThan(sharedBefore);
  });
});
