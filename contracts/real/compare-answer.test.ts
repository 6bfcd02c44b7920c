// The comparison on hand-made recordings (no shared directory needed): it must catch each kind of difference,
// let the newest recording win, and sort differences into known, unexpected and stale.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareAnswer, differenceId } from './compare-answer.js';
import { triage } from './known-gaps.js';
import { settle } from './newest-wins.js';
import type { HeaderRules, RecordingPlan } from './plan.js';
import { parseRecordedAt, recordingsDir, type Recording } from './recordings.js';
import type { RealRun } from './run-real.js';

const RULES: HeaderRules = {
  transport: { 'content-length': 'x' },
  conditional: { 'www-authenticate': 'x' },
  values: { 'twilio-request-id': '^RQ[0-9a-f]{32}$', 'content-type': 'newest' },
};

function recording(file: string, recordedAt: string, headers: Record<string, string>, body: unknown, status = 201): Recording {
  const at = parseRecordedAt(recordedAt);
  return {
    file,
    source: { repo: 'someone/app', path: 'cassette.yml', commit: 'abc', recorded_at: recordedAt },
    request: {
      method: 'POST',
      host: 'api.twilio.com',
      path: '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      query: {},
      form: { To: file },
    },
    response: { status, headers, body },
    at,
    year: new Date(at).getUTCFullYear(),
  };
}

const old = recording(
  'old.json',
  'Mon, 21 Apr 2014 17:58:15 GMT',
  { 'content-type': 'application/json; charset=utf-8', 'content-length': '10' },
  { sid: 'SM1', num_segments: null, subresource_uris: { media: '/m' } },
);
const modern = recording(
  'new.json',
  '2023-11-14 14:56:28.791864+05:30',
  { 'content-type': 'application/json', 'twilio-request-id': `RQ${'a'.repeat(32)}` },
  { sid: 'SM2', num_segments: '1', subresource_uris: { media: '/m' } },
);
const plans: Record<string, RecordingPlan> = { 'old.json': { group: 'g' }, 'new.json': { group: 'g' } };
const verdicts = settle([old, modern], plans, RULES);
const answer = (status: number, headers: Record<string, string>, body: unknown) => ({ status, headers, body, ms: 0 });

describe('comparing an answer with a recording', () => {
  it('reads both date styles the cassettes use', () => {
    expect(old.year).toBe(2014);
    expect(modern.year).toBe(2023);
  });

  it('finds nothing when the answer has every key with the newest type and the era headers', () => {
    const ok = answer(201, { 'content-type': 'application/json', 'twilio-request-id': `RQ${'b'.repeat(32)}` }, modern.response.body);
    expect(compareAnswer(modern, plans['new.json']!, verdicts, ok)).toEqual([]);
  });

  it('reports status, missing and mistyped keys, missing headers and wrong header values', () => {
    const got = compareAnswer(
      modern,
      plans['new.json']!,
      verdicts,
      answer(201, { 'content-type': 'application/json; charset=utf-8' }, { sid: 'SM3', num_segments: 1 }),
    );
    expect(got.map(differenceId).sort()).toEqual([
      'body-missing subresource_uris',
      'body-missing subresource_uris.media',
      'body-type num_segments',
      'header twilio-request-id',
      'header-value content-type',
    ]);
    const status = compareAnswer(modern, plans['new.json']!, verdicts, answer(400, {}, { code: 21211 }));
    expect(status.map(differenceId)).toContain('status');
    expect(status.map(differenceId)).not.toContain('body-missing sid');
  });

  it('expects only the headers of the recording era, and lets the newest recording decide types and values', () => {
    // 2014 answers had no Twilio-Request-Id; num_segments was null then and is a string in the newest recording.
    const got = compareAnswer(old, plans['old.json']!, verdicts, answer(201, { 'content-type': 'application/json' }, modern.response.body));
    expect(got).toEqual([]);
    const nullCount = compareAnswer(
      old,
      plans['old.json']!,
      verdicts,
      answer(201, { 'content-type': 'application/json' }, old.response.body),
    );
    expect(nullCount.map((d) => `${differenceId(d)} ${d.evidence}`)).toEqual(['body-type num_segments new.json']);
    expect(verdicts.setAside.map((s) => `${s.recording} ${s.what}`)).toEqual(
      expect.arrayContaining(['old.json type of num_segments', 'old.json header content-type']),
    );
  });

  it('sorts differences into known, unexpected and stale known gaps', () => {
    const d = compareAnswer(
      modern,
      plans['new.json']!,
      verdicts,
      answer(201, { 'content-type': 'application/json' }, modern.response.body),
    );
    const run: RealRun = {
      dir: '',
      found: true,
      results: [{ file: 'new.json', source: '', year: 2023, outcome: 'differs', differences: d }],
      unmatchedPlans: [],
      setAside: [],
    };
    const t = triage(run, [
      { recordings: '*', difference: 'header twilio-request-id', reason: 'not sent yet' },
      { recordings: ['new.json', 'old.json'], difference: 'status', reason: 'fixed already' },
    ]);
    expect(t.known.map((k) => differenceId(k.difference))).toEqual(['header twilio-request-id']);
    expect(t.unexpected).toEqual([]);
    expect(t.stale.map((s) => `${s.gap.difference} ${s.recording}`)).toEqual(['status new.json', 'status old.json']);
    expect(triage(run, []).unexpected.map(differenceId)).toEqual(['header twilio-request-id']);
  });
});

describe('where the recordings are read from', () => {
  it('takes the flag, then CONTRACTS_REAL_RECORDINGS, then ../shared/real-recordings beside the repository', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    expect(recordingsDir('/tmp/a', { CONTRACTS_REAL_RECORDINGS: '/tmp/b' })).toEqual({ dir: '/tmp/a', from: 'flag' });
    expect(recordingsDir(undefined, { CONTRACTS_REAL_RECORDINGS: 'rel' })).toEqual({ dir: path.join(root, 'rel'), from: 'env' });
    expect(recordingsDir(undefined, {})).toEqual({ dir: path.resolve(root, '../shared/real-recordings'), from: 'default' });
  });
});
