// Proves the checks can fail: take responses that pass (Twilio's own spec examples, and a recording of the
// simulator), break them the ways a simulator could be wrong, replay them through the unchanged suite, and
// require the right case to fail with the right kind of diagnostic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cassette, Interaction } from './recorder/cassette.js';
import { recordingTarget } from './recorder/recording-target.js';
import { REPLAY_CAPABILITIES, SPEC_EXAMPLE_VARS } from './recorder/spec-examples.js';
import { runSuite, type CaseResult } from './suite/run-suite.js';
import { createRecordedTarget } from './targets/recorded-target.js';
import { createSimulatorTarget } from './targets/simulator-target.js';
import type { Target } from './targets/target.js';
import { sharedValidator } from './validate/validator.js';

async function replay(cassette: Cassette, caseId: string, schemaOnly = false): Promise<CaseResult> {
  const result = await runSuite(createRecordedTarget(cassette), { filter: (c) => c.id === caseId, schemaOnly });
  expect(result.cases).toHaveLength(1);
  return result.cases[0]!;
}

const kinds = (r: CaseResult) => r.steps.flatMap((s) => s.diagnostics.map((d) => `${d.kind} ${d.path}`));

interface Mutation {
  name: string;
  caseId: string;
  key: string;
  mutate(i: Interaction): void;
  /** `<kind> <path>` that must appear among the failing case's diagnostics. */
  expect: string;
}

const body = (i: Interaction) => i.response!.body as Record<string, unknown>;

/** A cassette answering one case step with a spec example, keyed exactly (so status mutations replay too). */
function exampleCassette(caseId: string, operationId: string, example: string, served: string[]): Cassette {
  const op = sharedValidator().operation(operationId);
  const r = op.responses.find((x) => example in x.examples)!;
  return {
    format: 'twilio-sim-cassette/1',
    label: `${operationId}:${example}`,
    source: 'mutated',
    note: 'test fixture built from a spec example',
    spec: 'test',
    recordedAt: 'n/a',
    capabilities: REPLAY_CAPABILITIES,
    vars: SPEC_EXAMPLE_VARS,
    served,
    interactions: [
      {
        key: `${caseId}#0`,
        operationId,
        request: { method: op.method, url: '' },
        response: { status: r.status, contentType: 'application/json', body: structuredClone(r.examples[example]) },
      },
    ],
  };
}

describe('mutation checks on spec examples (independent of the simulator)', () => {
  const base = () => exampleCassette('messages.create', 'CreateMessage', 'create', ['CreateMessage']);
  const mutations: Array<[string, (c: Cassette) => void, string]> = [
    ['missing field', (c) => delete body(c.interactions[0]!).status, 'missing-field /status'],
    ['wrong type', (c) => (body(c.interactions[0]!).num_segments = 1), 'wrong-type /num_segments'],
    ['extra field', (c) => (body(c.interactions[0]!).do_not_call = false), 'extra-field /do_not_call'],
    ['wrong status', (c) => (c.interactions[0]!.response!.status = 200), 'status '],
    ['ISO date instead of RFC 2822', (c) => (body(c.interactions[0]!).date_created = '2023-08-24T05:01:45Z'), 'format /date_created'],
    ['status outside the enum', (c) => (body(c.interactions[0]!).status = 'pending'), 'enum /status'],
    ['numeric price', (c) => (body(c.interactions[0]!).price = -0.08), 'wrong-type /price'],
    ['price not a decimal string', (c) => (body(c.interactions[0]!).price = '$0.08'), 'format /price'],
    ['segment count not digits', (c) => (body(c.interactions[0]!).num_segments = 'one'), 'format /num_segments'],
  ];

  it('passes unmutated (the control)', async () => {
    const r = await replay(base(), 'messages.create', true);
    expect(kinds(r)).toEqual([]);
    expect(r.outcome).toBe('passed');
  });

  for (const [name, mutate, expected] of mutations) {
    it(`fails on ${name}`, async () => {
      const c = base();
      mutate(c);
      const r = await replay(c, 'messages.create', true);
      expect(r.outcome).toBe('failed');
      expect(
        kinds(r).some((k) => k.startsWith(expected)),
        kinds(r).join('\n'),
      ).toBe(true);
    });
  }

  it('fails a Lookups response that invents do_not_call', async () => {
    const c = exampleCassette('lookups.no-do-not-call', 'FetchPhoneNumber', 'fetch', ['FetchPhoneNumber']);
    expect((await replay(c, 'lookups.no-do-not-call', true)).outcome).toBe('passed');
    body(c.interactions[0]!).do_not_call = false;
    const r = await replay(c, 'lookups.no-do-not-call', true);
    expect(r.outcome).toBe('failed');
    expect(kinds(r)).toContain('extra-field /do_not_call');
  });
});

describe('mutation checks on a recording of the simulator', () => {
  let recorded: Cassette;
  let original: Map<string, CaseResult>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const sim = await createSimulatorTarget();
    close = () => sim.close();
    const recorder = recordingTarget(sim);
    const result = await runSuite(recorder, { filter: (c) => c.id.startsWith('messages.') });
    original = new Map(result.cases.map((c) => [c.id, c]));
    recorded = await recorder.cassette({ label: 'simulator', source: 'simulator', note: 'test', spec: 'test' });
  }, 60_000);
  afterAll(async () => close?.());

  const mutations: Mutation[] = [
    {
      name: 'missing field',
      caseId: 'messages.fetch',
      key: 'messages.fetch#1',
      mutate: (i) => delete body(i).date_updated,
      expect: 'missing-field /date_updated',
    },
    {
      name: 'wrong type',
      caseId: 'messages.create',
      key: 'messages.create#0',
      mutate: (i) => (body(i).num_media = 0),
      expect: 'wrong-type /num_media',
    },
    {
      name: 'extra field',
      caseId: 'messages.create',
      key: 'messages.create#0',
      mutate: (i) => (body(i).do_not_call = false),
      expect: 'extra-field /do_not_call',
    },
    {
      name: 'wrong status',
      caseId: 'messages.create',
      key: 'messages.create#0',
      mutate: (i) => (i.response!.status = 200),
      expect: 'status ',
    },
    {
      name: 'wrong error code',
      caseId: 'messages.magic.to-0001',
      key: 'messages.magic.to-0001#0',
      mutate: (i) => (body(i).code = 21614),
      expect: 'error-code /code',
    },
    {
      name: 'error body without more_info',
      caseId: 'messages.fetch.unknown',
      key: 'messages.fetch.unknown#0',
      mutate: (i) => delete body(i).more_info,
      expect: 'missing-field /more_info',
    },
    {
      name: 'wrong status in a list item',
      caseId: 'messages.list.filter-to',
      key: 'messages.list.filter-to#2',
      mutate: (i) => ((body(i).messages as Array<Record<string, unknown>>)[0]!.status = 'bogus'),
      expect: 'enum /messages/0/status',
    },
    {
      name: 'absolute paging link',
      caseId: 'messages.list.paging',
      key: 'messages.list.paging#3',
      mutate: (i) => (body(i).first_page_uri = `https://api.twilio.com${String(body(i).first_page_uri)}`),
      expect: 'format /first_page_uri',
    },
    {
      name: 'callback without MessageStatus',
      caseId: 'messages.lifecycle.delivered',
      key: 'messages.lifecycle.delivered#4',
      mutate: (i) => delete i.webhooks![0]!.params.MessageStatus,
      expect: 'callback messageStatusCallback[0]/MessageStatus',
    },
    {
      name: 'callback for "sending"',
      caseId: 'messages.lifecycle.delivered',
      key: 'messages.lifecycle.delivered#4',
      mutate: (i) =>
        i.webhooks!.unshift({
          ...structuredClone(i.webhooks![0]!),
          params: { ...i.webhooks![0]!.params, MessageStatus: 'sending', SmsStatus: 'sending' },
        }),
      expect: 'sequence ',
    },
    {
      name: 'missing final callback',
      caseId: 'messages.lifecycle.undelivered',
      key: 'messages.lifecycle.undelivered#4',
      mutate: (i) => i.webhooks!.pop(),
      expect: 'sequence ',
    },
    {
      name: 'undelivered callback without ErrorCode',
      caseId: 'messages.lifecycle.undelivered',
      key: 'messages.lifecycle.undelivered#4',
      mutate: (i) => delete i.webhooks![1]!.params.ErrorCode,
      expect: 'callback messageStatusCallback[1]/ErrorCode',
    },
    {
      name: 'inbound webhook with an unknown SmsStatus',
      caseId: 'messages.inbound.webhook',
      key: 'messages.inbound.webhook#4',
      mutate: (i) => (i.webhooks![0]!.params.SmsStatus = 'delivered'),
      expect: 'callback inboundMessage[0]/SmsStatus',
    },
  ];

  it('replays unmutated with the same outcomes as the live run (the control)', async () => {
    const result = await runSuite(createRecordedTarget(recorded), { filter: (c) => c.id.startsWith('messages.') });
    for (const c of result.cases) expect(`${c.id} ${c.outcome}`).toBe(`${c.id} ${original.get(c.id)!.outcome}`);
  });

  it('fails a message sent without StatusCallback when any status callback about it arrives, whatever its URL', async () => {
    const caseId = 'messages.callbacks.none-without-url';
    expect(original.get(caseId)?.outcome, `${caseId} must pass on the simulator for this proof`).toBe('passed');
    const cassette = structuredClone(recorded);
    const created = cassette.interactions.find((i) => i.key === `${caseId}#0`)!;
    const step = cassette.interactions.find((i) => i.key === `${caseId}#2`)!;
    const sid = body(created).sid as string;
    step.webhooks!.push({
      method: 'POST',
      url: 'http://127.0.0.1:9/some/default/url',
      path: '/some/default/url',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      params: { MessageSid: sid, SmsSid: sid, MessageStatus: 'sent', SmsStatus: 'sent' },
      receivedAt: 0,
    });
    const r = await replay(cassette, caseId);
    expect(r.outcome).toBe('failed');
    expect(kinds(r)).toContain(`callback messageStatusCallback/${sid}`);
  });

  for (const m of mutations) {
    it(`fails on ${m.name} (${m.caseId})`, async () => {
      expect(original.get(m.caseId)?.outcome, `${m.caseId} must pass on the simulator for this proof`).toBe('passed');
      const cassette = structuredClone(recorded);
      const target = cassette.interactions.find((i) => i.key === m.key);
      expect(target, m.key).toBeDefined();
      m.mutate(target!);
      const r = await replay(cassette, m.caseId);
      expect(r.outcome).toBe('failed');
      expect(
        kinds(r).some((k) => k.startsWith(m.expect)),
        kinds(r).join('\n'),
      ).toBe(true);
    });
  }
});

describe("the simulator's webhook log catches callbacks the receiver never hears", () => {
  it('fails messages.callbacks.none-without-url when the log holds a status callback for the message', async () => {
    const sim = await createSimulatorTarget();
    try {
      const honest = await runSuite(sim, { filter: (c) => c.id === 'messages.callbacks.none-without-url' });
      expect(honest.cases[0]!.outcome).toBe('passed');
      expect(honest.cases[0]!.steps.flatMap((s) => s.info)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^delivery log: 0 messageStatusCallback for SM[0-9a-f]{32}$/)]),
      );
      // A simulator that sent the callback to some URL of its own: only its delivery log knows.
      const leaky: Target = {
        ...sim,
        async deliveries(resourceSid: string) {
          return [{ url: 'https://example.invalid/status', params: { MessageSid: resourceSid, MessageStatus: 'delivered' } }];
        },
      };
      const r = (await runSuite(leaky, { filter: (c) => c.id === 'messages.callbacks.none-without-url' })).cases[0]!;
      expect(r.outcome).toBe('failed');
      expect(kinds(r).some((k) => k.startsWith('callback messageStatusCallback log SM'))).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
