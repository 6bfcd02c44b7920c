// Compares the simulator's answer to one recording of real Twilio: status, error code, every body key real Twilio
// returned (present, same JSON type), named values, and the headers Twilio sent on every answer of that era.
import type { TargetResponse } from '../targets/target.js';
import { bodyTypes, type Verdicts } from './newest-wins.js';
import type { RecordingPlan } from './plan.js';
import type { Recording } from './recordings.js';

export type DifferenceKind = 'setup' | 'status' | 'code' | 'header' | 'header-value' | 'body-missing' | 'body-type' | 'value';

export interface Difference {
  recording: string;
  kind: DifferenceKind;
  /** Header name or dotted body path; "" for status and code. */
  path: string;
  expected: unknown;
  actual: unknown;
  /** Which recording says so (the newest one, when an older recording was set aside). */
  evidence: string;
}

/** `kind path` identifies a difference within a recording (and in the known-gaps list). */
export const differenceId = (d: Pick<Difference, 'kind' | 'path'>) => (d.path ? `${d.kind} ${d.path}` : d.kind);

function valueAt(body: unknown, path: string): unknown {
  let cur = body;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

export function compareAnswer(recording: Recording, plan: RecordingPlan, verdicts: Verdicts, answer: TargetResponse): Difference[] {
  const out: Difference[] = [];
  const add = (kind: DifferenceKind, path: string, expected: unknown, actual: unknown, evidence = recording.file) =>
    out.push({ recording: recording.file, kind, path, expected, actual, evidence });

  // A newer recording of the very same request wins over this one.
  const decisive = verdicts.newerAnswer(recording) ?? recording;
  const expectedCode = (decisive.response.body as { code?: unknown } | null)?.code;
  const actualCode = (answer.body as { code?: unknown } | null | undefined)?.code;
  const statusMatches = answer.status === decisive.response.status;
  // With the simulator's error code alongside, a 400 instead of a 201 says which check refused the request.
  if (!statusMatches)
    add(
      'status',
      '',
      decisive.response.status,
      actualCode === undefined ? answer.status : `${answer.status} (${String(actualCode)})`,
      decisive.file,
    );
  if (expectedCode !== undefined && actualCode !== expectedCode) add('code', '', expectedCode, actualCode ?? null, decisive.file);

  // Body keys: only when the status matches — a different status means a differently shaped answer altogether.
  if (statusMatches) {
    const actual = bodyTypes(answer.body);
    for (const path of bodyTypes(recording.response.body).keys()) {
      if (plan.ignore?.[path.split('.')[0]!] !== undefined) continue;
      const verdict = verdicts.bodyType(recording, path);
      if (!verdict) continue;
      const got = actual.get(path);
      if (got === undefined) add('body-missing', path, verdict.type, '(absent)', verdict.from.file);
      else if (got !== verdict.type) add('body-type', path, verdict.type, got, verdict.from.file);
    }
    for (const path of plan.values ?? []) {
      const want = valueAt(recording.response.body, path);
      const got = valueAt(answer.body, path);
      // A missing key or a wrong type is already reported for this path; a value diff would say it twice.
      if (JSON.stringify(want) !== JSON.stringify(got) && !out.some((d) => d.path === path)) add('value', path, want, got ?? '(absent)');
    }
  }

  // Headers: those of the recording's era, plus the conditional ones it carries itself.
  const recorded = Object.keys(recording.response.headers).map((h) => h.toLowerCase());
  const expected = new Set([...verdicts.eraHeaders(recording.year), ...recorded.filter((h) => verdicts.isConditional(h))]);
  for (const name of [...expected].sort()) {
    const got = answer.headers[name];
    if (got === undefined) {
      add('header', name, recording.response.headers[name] ?? '(present)', '(absent)');
      continue;
    }
    const rule = verdicts.headerValue(name);
    if (!rule) continue;
    if ('pattern' in rule) {
      if (!rule.pattern.test(got)) add('header-value', name, rule.pattern.source, got);
    } else if (got !== rule.value) add('header-value', name, rule.value, got, rule.from.file);
  }
  return out;
}
