// What the recordings say real Twilio does, with disagreements between years settled: the newest recording wins,
// and every older behaviour it overrides is kept as a "set aside" note so the report can say what was dropped.
import type { RecordingPlan, HeaderRules } from './plan.js';
import type { Recording } from './recordings.js';

export type JsonType = 'null' | 'string' | 'number' | 'boolean' | 'object' | 'array';

export function jsonType(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as JsonType;
}

/** Dotted paths of every key in a JSON body (objects descended, arrays not), with their JSON types. */
export function bodyTypes(body: unknown, prefix = '', out = new Map<string, JsonType>()): Map<string, JsonType> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return out;
  for (const [k, v] of Object.entries(body)) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.set(path, jsonType(v));
    if (v && typeof v === 'object' && !Array.isArray(v)) bodyTypes(v, path, out);
  }
  return out;
}

export interface SetAside {
  recording: string;
  year: number;
  what: string;
  older: unknown;
  newer: unknown;
  newerRecording: string;
  newerYear: number;
}

/** Answers of the 2010-04-01 JSON API: the ones whose headers say what the simulated API sends (not the 2008 XML API). */
const isApiAnswer = (r: Recording) => r.request.host === 'api.twilio.com' && r.request.path.startsWith('/2010-04-01/');

const newestFirst = (a: Recording, b: Recording) => b.at - a.at;

export interface Verdicts {
  /** Expected JSON type per recording and body path, after the newest recording of its group had its say. */
  bodyType(recording: Recording, path: string): { type: JsonType; from: Recording } | null;
  /** Header names Twilio sent on every api.twilio.com answer recorded in that year. */
  eraHeaders(year: number): string[];
  /** Headers Twilio sends only on some answers (a 401, a fetch); expected where the recording itself has them. */
  isConditional(name: string): boolean;
  /** The value a header should have: a pattern, or the newest recorded value (with the recording it came from). */
  headerValue(name: string): { pattern: RegExp } | { value: string; from: Recording } | null;
  /** Status and error code, when a newer recording of the very same request answered differently. */
  newerAnswer(recording: Recording): Recording | null;
  setAside: SetAside[];
}

function requestSignature(r: Recording): string {
  const form = Object.entries(r.request.form).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([r.request.method, r.request.host, r.request.path, form]);
}

export function settle(recordings: Recording[], plans: Record<string, RecordingPlan>, headers: HeaderRules): Verdicts {
  const setAside: SetAside[] = [];
  const note = (older: Recording, what: string, olderValue: unknown, newer: Recording, newerValue: unknown) =>
    setAside.push({
      recording: older.file,
      year: older.year,
      what,
      older: olderValue,
      newer: newerValue,
      newerRecording: newer.file,
      newerYear: newer.year,
    });

  // Body types per group: the newest recording of the group decides; a key the newest lacks is not expected.
  const groups = new Map<string, Recording[]>();
  for (const r of recordings) {
    const g = plans[r.file]?.group;
    if (g) groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const typesOf = new Map(recordings.map((r) => [r.file, bodyTypes(r.response.body)]));
  const bodyVerdict = new Map<string, { type: JsonType; from: Recording } | null>();
  for (const members of groups.values()) {
    const sorted = [...members].sort(newestFirst);
    const newest = sorted[0]!;
    for (const r of sorted) {
      for (const [path, type] of typesOf.get(r.file)!) {
        const ignored = plans[r.file]?.ignore?.[path.split('.')[0]!] !== undefined;
        const winner = ignored ? undefined : sorted.find((x) => typesOf.get(x.file)!.has(path));
        let verdict: { type: JsonType; from: Recording } | null = null;
        if (winner && typesOf.get(newest.file)!.has(path)) verdict = { type: typesOf.get(winner.file)!.get(path)!, from: winner };
        else if (winner && r !== newest) note(r, `body key ${path}`, type, newest, '(absent)');
        if (verdict && verdict.from !== r && verdict.type !== type) note(r, `type of ${path}`, type, verdict.from, verdict.type);
        bodyVerdict.set(`${r.file} ${path}`, verdict);
      }
    }
  }

  // Headers sent on every answer of a year.
  const api = recordings.filter(isApiAnswer);
  const skipped = new Set([...Object.keys(headers.transport), ...Object.keys(headers.conditional)]);
  const eras = new Map<number, string[]>();
  for (const year of new Set(api.map((r) => r.year))) {
    const sets = api.filter((r) => r.year === year).map((r) => new Set(Object.keys(r.response.headers).map((h) => h.toLowerCase())));
    eras.set(
      year,
      [...sets[0]!].filter((h) => !skipped.has(h) && sets.every((s) => s.has(h))),
    );
  }

  // Header values: a pattern, or the newest recorded value.
  const newestValue = new Map<string, { value: string; from: Recording }>();
  const byAge = [...api].sort(newestFirst);
  for (const [name, rule] of Object.entries(headers.values)) {
    if (rule !== 'newest') continue;
    const from = byAge.find((r) => r.response.headers[name] !== undefined);
    if (!from) continue;
    const value = from.response.headers[name]!;
    newestValue.set(name, { value, from });
    for (const r of byAge) {
      const v = r.response.headers[name];
      if (v !== undefined && v !== value) note(r, `header ${name}`, v, from, value);
    }
  }

  // The same request recorded in different years.
  const bySignature = new Map<string, Recording[]>();
  for (const r of recordings) bySignature.set(requestSignature(r), [...(bySignature.get(requestSignature(r)) ?? []), r]);
  const newerAnswer = new Map<string, Recording>();
  for (const same of bySignature.values()) {
    const [newest, ...older] = [...same].sort(newestFirst);
    const code = (r: Recording) => (r.response.body as { code?: unknown } | null)?.code;
    for (const r of older) {
      if (r.response.status !== newest!.response.status || code(r) !== code(newest!)) {
        note(r, 'status and error code', [r.response.status, code(r)], newest!, [newest!.response.status, code(newest!)]);
        newerAnswer.set(r.file, newest!);
      }
    }
  }

  return {
    bodyType: (r, path) => bodyVerdict.get(`${r.file} ${path}`) ?? null,
    eraHeaders: (year) => eras.get(year) ?? [],
    isConditional: (name) => name in headers.conditional,
    headerValue(name) {
      const rule = headers.values[name];
      if (!rule) return null;
      if (rule !== 'newest') return { pattern: new RegExp(rule) };
      return newestValue.get(name) ?? null;
    },
    newerAnswer: (r) => newerAnswer.get(r.file) ?? null,
    setAside,
  };
}
