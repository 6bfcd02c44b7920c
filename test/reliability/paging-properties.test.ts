// Paging through the Messages list from its indexes, checked against the plainest possible reference (filter
// every stored message, sort newest first) over random histories: creates, sends at later times, deletes, and
// deletes while a reader is between pages. A reader must see every message exactly once, newest first, with the
// envelope's positions matching the reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MessageFilter, MessageBox } from '../../simulator/resources/messages/store.js';
import type { Message } from '../../simulator/resources/messages/types.js';
import { paginateView, type PageRequest } from '../../simulator/wire/paging.js';

const DAY = 86_400_000;
const TO = ['+61491570101', '+61491570102', '+61491570103'];
const FROM = ['+61491570156', '+61491570157'];
const PATH = '/2010-04-01/Accounts/AC1/Messages.json';

type Op =
  | { kind: 'create'; to: number; from: number; gapMs: number; sentNow: boolean }
  | { kind: 'send'; pick: number; gapMs: number }
  | { kind: 'delete'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      to: fc.nat(2),
      from: fc.nat(1),
      gapMs: fc.nat(DAY),
      sentNow: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), pick: fc.nat(), gapMs: fc.nat(DAY) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
);

const START = Date.UTC(2026, 0, 1);
const filterArb: fc.Arbitrary<MessageFilter> = fc.record(
  {
    to: fc.constantFrom(...TO),
    from: fc.constantFrom(...FROM),
    sentFrom: fc.integer({ min: START, max: START + 20 * DAY }),
    sentBefore: fc.integer({ min: START, max: START + 20 * DAY }),
  },
  { requiredKeys: [] },
);

/** A box after a history; `now` is where its clock stands. */
function replay(ops: Op[], strategy: 'auto' | 'sort' | 'scan') {
  const box = new MessageBox({ dateStrategy: strategy });
  let now = START;
  let n = 0;
  for (const o of ops) {
    const live = [...box.messages.values()];
    if (o.kind === 'create') {
      now += o.gapMs;
      const sid = `SM${(++n).toString(16).padStart(32, '0')}`;
      box.add({ sid, to: TO[o.to]!, from: FROM[o.from]!, dateCreated: now, dateSent: o.sentNow ? now : null } as Message);
    } else if (o.kind === 'send') {
      const unsent = live.filter((m) => m.dateSent === null);
      if (unsent.length === 0) continue;
      now += o.gapMs;
      const m = unsent[o.pick % unsent.length]!;
      m.dateSent = now;
      box.sent(m);
    } else if (live.length > 0) {
      box.delete(live[o.pick % live.length]!.sid);
    }
  }
  return box;
}

function reference(box: MessageBox, filter: MessageFilter): string[] {
  return [...box.messages.values()]
    .filter(
      (m) =>
        (filter.to === undefined || m.to === filter.to) &&
        (filter.from === undefined || m.from === filter.from) &&
        (filter.sentFrom === undefined || (m.dateSent !== null && m.dateSent >= filter.sentFrom)) &&
        (filter.sentBefore === undefined || (m.dateSent !== null && m.dateSent <= filter.sentBefore)),
    )
    .sort((a, b) => box.order(b.sid)! - box.order(a.sid)!)
    .map((m) => m.sid);
}

function page(box: MessageBox, filter: MessageFilter, request: PageRequest) {
  return paginateView(
    box.view(filter),
    (m) => m.sid,
    PATH,
    new URLSearchParams(),
    request,
    (sid) => box.order(sid),
  );
}

/** The request a next/previous link asks for. */
function follow(uri: string): PageRequest {
  const q = new URL(uri, 'http://x').searchParams;
  return { pageSize: Number(q.get('PageSize')), page: Number(q.get('Page')), token: q.get('PageToken') ?? undefined };
}

const strategies = ['auto', 'sort', 'scan'] as const;

describe('Messages paging from indexes', () => {
  it.each(strategies)('pages match the reference list, positions and back links included (date filter by %s)', (strategy) => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), filterArb, fc.integer({ min: 1, max: 7 }), (ops, filter, pageSize) => {
        const box = replay(ops, strategy);
        const expected = reference(box, filter);
        const pages: string[][] = [];
        let request: PageRequest | undefined = { pageSize, page: 0, token: undefined };
        while (request && pages.length <= expected.length + 1) {
          const { pageItems, envelope } = page(box, filter, request);
          const sids = pageItems.map((m) => m.sid);
          expect(envelope.start).toBe(request.page * pageSize);
          expect(sids).toEqual(expected.slice(envelope.start, envelope.start + pageSize));
          if (request.page > 0) {
            const back = page(box, filter, follow(envelope.previous_page_uri!)).pageItems.map((m) => m.sid);
            expect(back).toEqual(pages.at(-1));
          }
          pages.push(sids);
          request = envelope.next_page_uri ? follow(envelope.next_page_uri) : undefined;
        }
        expect(pages.flat()).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it.each(strategies)('a reader sees every surviving message once, newest first, while deletes happen between pages (%s)', (strategy) => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        filterArb,
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (ops, filter, pageSize, deletions) => {
          const box = replay(ops, strategy);
          const before = reference(box, filter);
          const seen: string[] = [];
          let request: PageRequest | undefined = { pageSize, page: 0, token: undefined };
          for (let i = 0; request && i <= before.length + 1; i++) {
            const { envelope, pageItems } = page(box, filter, request);
            seen.push(...pageItems.map((m) => m.sid));
            const pick = deletions[i];
            const live = [...box.messages.keys()];
            if (pick !== undefined && live.length > 0) box.delete(live[pick % live.length]!);
            request = envelope.next_page_uri ? follow(envelope.next_page_uri) : undefined;
          }
          const survivors = new Set(box.messages.keys());
          expect(new Set(seen).size).toBe(seen.length);
          expect(seen.filter((sid) => survivors.has(sid))).toEqual(before.filter((sid) => survivors.has(sid)));
          expect(seen.every((sid) => before.includes(sid))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
