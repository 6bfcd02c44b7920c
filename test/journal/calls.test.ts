// `--data` keeps calls: a simulator on a data folder is stopped and started again, and through the official SDK
// the calls, their pages, filters and timelines answer as before. Calls still queued dial when they would have;
// calls that were ringing or answered end as a dropped line, with the status callback Twilio would send.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VIRTUAL_EPOCH } from '../../simulator/kernel/clock.js';
import type { ListeningSimulator, VirtualClock } from '../../simulator/index.js';
import type { CallInstance } from 'twilio/lib/rest/api/v2010/account/call.js';
import { controlAt } from '../helpers/control.js';
import { sdkAt } from '../helpers/sdk.js';
import { cleanUp, dataFolder, startOn, stop } from './restarts.js';

const FROM = '+61491570156';
const PEOPLE = ['+61491570101', '+61491570102', '+61491570103', '+61491570104', '+61491570105', '+61491570106', '+61491570107'];
const SAY = '<Response><Say>Hello from the journal</Say></Response>';

afterEach(cleanUp);

/** The same seed each time, so a SID drawn again after the restart would collide. */
const start = (data: string) => startOn(data, { seed: 11 });

function client(sim: ListeningSimulator, account = sim.accounts[0]!) {
  return sdkAt(sim.url, account.sid, account.authToken);
}

const control = (sim: ListeningSimulator, method: string, path: string, body?: unknown) =>
  controlAt(sim.url, sim.accounts[0]!, method, `/__sim/${path}`, body);

/** Everything a user can read about the account's calls. */
async function observe(sim: ListeningSimulator) {
  const sdk = client(sim);
  const all = (await sdk.calls.list()).map((c) => c.toJSON());
  const firstPage = await sdk.calls.page({ pageSize: 2 });
  const secondPage = await firstPage.nextPage();
  const timelines = await Promise.all(all.map(async (c) => (await control(sim, 'GET', `calls/${c.sid}/timeline`)).body));
  return {
    all,
    fetched: await Promise.all(all.map(async (c) => (await sdk.calls(c.sid).fetch()).toJSON())),
    toFirst: (await sdk.calls.list({ to: PEOPLE[0] })).map((c) => c.sid),
    completed: (await sdk.calls.list({ status: 'completed' })).map((c) => c.sid),
    pages: [firstPage.instances.map((c) => c.sid), secondPage?.instances.map((c) => c.sid)],
    timelines,
  };
}

describe('calls in the journal (--data)', () => {
  it('finished calls, their filters, pages and timelines answer after a restart as before it', async () => {
    const dir = dataFolder();
    const first = await start(dir);
    const sdk = client(first);
    const made: CallInstance[] = [];
    for (const to of [PEOPLE[0]!, PEOPLE[1]!, PEOPLE[2]!, PEOPLE[0]!, PEOPLE[3]!]) {
      made.push(await sdk.calls.create({ from: FROM, to, twiml: SAY, statusCallback: 'https://example.invalid/before' }));
    }
    await (first.clock as VirtualClock).advance(60_000);
    await sdk.calls(made[1]!.sid).remove();
    await sdk.calls(made[2]!.sid).update({ statusCallback: 'https://example.invalid/after' });
    const before = await observe(first);
    expect(before.all).toHaveLength(4);
    expect(before.completed).toHaveLength(4);
    expect(before.timelines[0].timeline.map((e: { name: string }) => e.name)).toContain('Say');
    await stop(first);

    const second = await start(dir);
    expect(await observe(second)).toEqual(before);
    await expect(client(second).calls(made[1]!.sid).fetch()).rejects.toMatchObject({ status: 404 });
    const fresh = await client(second).calls.create({ from: FROM, to: PEOPLE[4]!, twiml: SAY });
    expect(made.map((c) => c.sid)).not.toContain(fresh.sid);
  });

  describe('calls in flight when it stopped', () => {
    let receiver: Server;
    let receiverUrl = '';
    const callbacks: Array<Record<string, string>> = [];
    beforeAll(async () => {
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          callbacks.push(Object.fromEntries(new URLSearchParams(body)));
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/status`;
    });
    afterAll(() => {
      receiver.closeAllConnections();
      receiver.close();
    });

    it('queued calls dial on time; ringing ones end unanswered; an answered one completes at the last instant heard', async () => {
      const dir = dataFolder();
      const first = await start(dir);
      // The first callee answers after half a second; the others ring for the default 3 s.
      await control(first, 'POST', 'callees', { to: PEOPLE[0], ringMs: 500 });
      const sdk = client(first);
      const events = ['initiated', 'ringing', 'answered', 'completed'];
      const twiml = '<Response><Pause length="2"/><Pause length="600"/></Response>';
      const calls: CallInstance[] = [];
      // One per second from one number (CPS): they leave the queue at +0, +1, … +5 s.
      for (const to of PEOPLE.slice(0, 6)) {
        calls.push(await sdk.calls.create({ from: FROM, to, twiml, statusCallback: receiverUrl, statusCallbackEvent: events }));
      }
      await (first.clock as VirtualClock).advance(4_200);
      const statuses = async (sim: ListeningSimulator) =>
        Promise.all(calls.map(async (c) => (await client(sim).calls(c.sid).fetch()).status));
      // Answered at +1.5 s, its second <Pause> began at +3.5 s; three ringing; the fifth has left the queue
      // (initiated at +4 s) but rings only at +5 s; the sixth still waits for its slot.
      expect(await statuses(first)).toEqual(['in-progress', 'ringing', 'ringing', 'ringing', 'queued', 'queued']);
      const answered = await client(first).calls(calls[0]!.sid).fetch();
      callbacks.length = 0;
      await stop(first);

      const second = await start(dir);
      const clock = second.clock as VirtualClock;
      // The shared clock resumes at the last change it recorded: the fourth call ringing, the fifth initiated (+4 s).
      expect(clock.now() - DEFAULT_VIRTUAL_EPOCH).toBe(4_000);
      expect(await statuses(second)).toEqual(['completed', 'no-answer', 'no-answer', 'no-answer', 'queued', 'queued']);
      // It ends when it was last heard of (+3.5 s; end_time shows whole seconds), not at the restart.
      const dropped = await client(second).calls(calls[0]!.sid).fetch();
      expect(dropped.startTime).toEqual(answered.startTime);
      expect(dropped.endTime!.getTime() - DEFAULT_VIRTUAL_EPOCH).toBe(3_000);
      expect(dropped.duration).toBe('2');
      const { timeline } = (await control(second, 'GET', `calls/${dropped.sid}/timeline`)).body;
      expect(timeline.slice(-2).map((e: { at: string; name: string }) => `${e.name}@${Date.parse(e.at) - DEFAULT_VIRTUAL_EPOCH}`)).toEqual([
        'line-dropped@3500',
        'completed@4000',
      ]);
      const unanswered = await client(second).calls(calls[1]!.sid).fetch();
      expect(unanswered.duration).toBeNull();

      // A new call from the same number queues behind the two that kept their slots.
      const later = await client(second).calls.create({ from: FROM, to: PEOPLE[6]!, twiml: '<Response><Hangup/></Response>' });
      await clock.advance(0);
      const ended = callbacks.map(
        (c) => `${c.CallSid === calls[0]!.sid ? 'answered' : 'ringing'}:${c.CallStatus}:${c.CallDuration ?? '-'}`,
      );
      expect(ended.sort()).toEqual(['answered:completed:2', 'ringing:no-answer:0', 'ringing:no-answer:0', 'ringing:no-answer:0']);

      callbacks.length = 0;
      await clock.advance(20_000);
      const heard = (sid: string) => callbacks.filter((c) => c.CallSid === sid).map((c) => `${c.SequenceNumber}:${c.CallStatus}`);
      // The fifth's `initiated` (sequence 0) went out before the stop; it goes on from there.
      expect(heard(calls[4]!.sid)).toEqual(['1:ringing', '2:in-progress']);
      expect(heard(calls[5]!.sid)).toEqual(['0:initiated', '1:ringing', '2:in-progress']);
      expect(await statuses(second)).toEqual(['completed', 'no-answer', 'no-answer', 'no-answer', 'in-progress', 'in-progress']);
      const sixth = await client(second).calls(calls[5]!.sid).fetch();
      const newer = await client(second).calls(later.sid).fetch();
      expect(sixth.startTime!.getTime() - DEFAULT_VIRTUAL_EPOCH).toBe(5_000);
      expect(newer.startTime!.getTime() - DEFAULT_VIRTUAL_EPOCH).toBe(6_000);
    });
  });
});
