// `data`: state survives a restart. A simulator with a data folder is driven through random histories, stopped,
// and a second one started on the same folder must hold the same messages, calls and their timelines, numbers'
// settings and opt-outs — except calls that were ringing or answered, which end as a dropped line; messages still
// in flight finish their life cycle on the new one, at the times they would have.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_VIRTUAL_EPOCH } from '../../simulator/kernel/clock.js';
import { CALL, calleeScript } from '../../simulator/resources/calls/scenarios.js';
import { createSimulator, type Simulator, type VirtualClock } from '../../simulator/index.js';

const A = '+61491570156';
const B = '+61491570157';
const PEOPLE = ['+61491570101', '+61491570102', '+61491570110'];

const dirs: string[] = [];
const sims: Simulator[] = [];
afterEach(() => {
  for (const sim of sims.splice(0)) sim.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'twilio-sim-journal-'));
  dirs.push(dir);
  return dir;
}

function start(data: string): Simulator {
  const sim = createSimulator({ data, seed: 7 });
  sims.push(sim);
  return sim;
}

/** What a user could observe of an account: every message and call as stored, numbers' settings, opt-outs. */
function state(sim: Simulator) {
  const account = sim.kernel.accounts.get(sim.accounts[0]!.sid)!;
  const box = sim.messages.service.box(account);
  const calls = sim.calls.service.box(account);
  // Through JSON, as the API shows them (a price of -0 and 0 both read "0.00000").
  const json = <T>(value: T): T => JSON.parse(JSON.stringify(value));
  return {
    messages: json(box.newestFirst()),
    calls: json(calls.newestFirst().map((call) => ({ call, timeline: calls.timeline(call.sid) }))),
    numbers: [...account.numbers.values()].map((n) => ({ sid: n.sid, smsUrl: n.smsUrl, friendlyName: n.friendlyName })),
    optOuts: [...box.optOuts].sort(),
  };
}

type Step =
  | { kind: 'send'; from: number; to: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'inbound'; from: number; body: string }
  | { kind: 'delete'; pick: number }
  | { kind: 'redact'; pick: number }
  | { kind: 'rename'; name: string }
  | { kind: 'call'; to: number; ringMs: number }
  | { kind: 'hang-up'; pick: number }
  | { kind: 'forget-call'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), from: fc.nat(1), to: fc.nat(2) }),
  // Twice as likely: calls need a few seconds to ring and be answered.
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 6_000 }) }), weight: 2 },
  fc.record({ kind: fc.constant('inbound' as const), from: fc.nat(2), body: fc.constantFrom('hi', 'STOP', 'START') }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('redact' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), name: fc.string({ maxLength: 8 }) }),
  { arbitrary: fc.record({ kind: fc.constant('call' as const), to: fc.nat(2), ringMs: fc.constantFrom(500, 3_000, 60_000) }), weight: 2 },
  fc.record({ kind: fc.constant('hang-up' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('forget-call' as const), pick: fc.nat() }),
);

const LIVE = ['queued', 'ringing', 'in-progress'];

async function run(sim: Simulator, steps: Step[]): Promise<void> {
  const account = sim.kernel.accounts.get(sim.accounts[0]!.sid)!;
  const messages = sim.messages.service;
  const calls = sim.calls.service;
  const pick = (live: boolean, n: number) => {
    const some = calls
      .box(account)
      .newestFirst()
      .filter((c) => LIVE.includes(c.status) === live);
    return some[n % some.length]?.sid;
  };
  const final = () =>
    messages
      .box(account)
      .newestFirst()
      .filter((m) => ['delivered', 'undelivered', 'failed', 'received'].includes(m.status));
  for (const s of steps) {
    try {
      if (s.kind === 'send') messages.create(account, { from: [A, B][s.from], to: PEOPLE[s.to], body: 'x' });
      else if (s.kind === 'advance') await (sim.clock as VirtualClock).advance(s.ms);
      else if (s.kind === 'inbound') messages.receive(account, { from: PEOPLE[s.from]!, to: A, body: s.body });
      else if (s.kind === 'delete' && final().length > 0) messages.delete(account, final()[s.pick % final().length]!.sid);
      else if (s.kind === 'redact' && final().length > 0) messages.update(account, final()[s.pick % final().length]!.sid, { body: '' });
      else if (s.kind === 'call') {
        sim.kernel.scenarios.set(account.sid, CALL, PEOPLE[s.to]!, calleeScript({ ringMs: s.ringMs }));
        calls.create(account, { from: A, to: PEOPLE[s.to], twiml: '<Response><Say>hello</Say><Pause length="2"/></Response>' });
      } else if (s.kind === 'hang-up' && pick(true, s.pick)) calls.update(account, pick(true, s.pick)!, { status: 'completed' });
      else if (s.kind === 'forget-call' && pick(false, s.pick)) calls.delete(account, pick(false, s.pick)!);
      else if (s.kind === 'rename') {
        const number = [...account.numbers.values()][0]!;
        number.friendlyName = s.name;
        sim.kernel.events.emit({ type: 'number.updated', accountSid: account.sid, number });
      }
    } catch (error) {
      // Refusals (an opted-out person, a redaction refused) are part of a history, not failures of the test.
      if (!(error instanceof Error && 'code' in error)) throw error;
    }
  }
}

describe('journal (--data)', () => {
  it('a restarted simulator holds what the stopped one held, over random histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const dir = folder();
        const first = start(dir);
        await run(first, steps);
        const before = state(first);
        first.dispose();
        const second = start(dir);
        const after = state(second);
        expect({ ...after, calls: undefined }).toEqual({ ...before, calls: undefined });
        expect(after.calls.map((c) => c.call.sid)).toEqual(before.calls.map((c) => c.call.sid));
        before.calls.forEach(({ call, timeline }, i) => {
          const now = after.calls[i]!;
          if (call.status !== 'ringing' && call.status !== 'in-progress') expect(now).toEqual({ call, timeline });
          else {
            // The line dropped: ended where it was last heard of, with what it had recorded kept.
            expect(now.call.status).toBe(call.status === 'ringing' ? 'no-answer' : 'completed');
            expect(now.timeline.slice(0, timeline.length)).toEqual(timeline);
            expect(now.call.endTime).toBe(Math.max(call.dateUpdated, ...timeline.map((e) => e.at)));
          }
        });
        // Twice: a compacted journal replays to the same state as the full one.
        second.dispose();
        expect(state(start(dir))).toEqual(after);
      }),
      { numRuns: 30 },
    );
  });

  it('messages in flight resume their life cycle after a restart, from the times they recorded', async () => {
    const dir = folder();
    const first = start(dir);
    const account = first.kernel.accounts.get(first.accounts[0]!.sid)!;
    const sids = [0, 1, 2].map((i) => first.messages.service.create(account, { from: A, to: PEOPLE[0], body: `m${i}` }).sid);
    await (first.clock as VirtualClock).advance(1_100); // the first is sent, the second sending, the third queued
    const statuses = () => sids.map((sid) => second.messages.service.fetch(second.kernel.accounts.get(account.sid)!, sid).status);
    first.dispose();

    const second = start(dir);
    // A virtual clock goes on from the last change it recorded: m1 taking the sender at +1000 ms.
    const restartedAt = second.clock.now();
    expect(restartedAt - DEFAULT_VIRTUAL_EPOCH).toBe(1_000);
    expect(statuses()).toEqual(['sent', 'sending', 'queued']);
    const events: string[] = [];
    second.kernel.events.on('message.status', (e) =>
      events.push(`${e.message.body}:${e.message.status}@${e.message.dateUpdated - restartedAt}`),
    );
    await (second.clock as VirtualClock).runUntilIdle();
    expect(statuses()).toEqual(['delivered', 'delivered', 'delivered']);
    // m1 took the sender at +1000, so it is sent at +1200 and holds the sender until +2000, when m2 goes; m0, sent
    // at +200, is delivered at +1700.
    expect(events.slice(0, 3)).toEqual(['m1:sent@200', 'm0:delivered@700', 'm2:sending@1000']);
  });

  it('skips a torn last record with a warning and keeps going', () => {
    const dir = folder();
    const first = start(dir);
    const account = first.kernel.accounts.get(first.accounts[0]!.sid)!;
    const kept = first.messages.service.create(account, { from: A, to: PEOPLE[0], body: 'kept' });
    first.dispose();
    appendFileSync(join(dir, 'journal.jsonl'), '{"t":"message","a":"AC');
    const warn = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const second = start(dir);
    expect(warn.mock.calls.map(([text]) => String(text)).join('')).toMatch(/last record is incomplete.*skipped/);
    warn.mockRestore();
    expect(state(second).messages.map((m) => m.sid)).toEqual([kept.sid]);
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8').endsWith('\n')).toBe(true);
  });

  it('new SIDs after a restart with the same seed never repeat journaled ones', () => {
    const dir = folder();
    const first = start(dir);
    const account = first.kernel.accounts.get(first.accounts[0]!.sid)!;
    const old = first.messages.service.create(account, { from: A, to: PEOPLE[0], body: 'one' }).sid;
    first.dispose();
    const second = start(dir);
    const fresh = second.messages.service.create(second.kernel.accounts.get(account.sid)!, { from: A, to: PEOPLE[0], body: 'two' }).sid;
    expect(fresh).not.toBe(old);
  });
});
