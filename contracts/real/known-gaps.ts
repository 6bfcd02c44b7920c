// The reviewed list of differences the simulator is known to have against real recordings
// (contracts/expectations/real-known-gaps.json): the to-do list for the simulator. A difference not on it fails the
// test; an entry that no longer matches anything fails too, so the list shrinks as the simulator improves.
import { readFileSync } from 'node:fs';
import { differenceId, type Difference } from './compare-answer.js';
import type { RealRun } from './run-real.js';

export interface KnownGap {
  /** Recording files this gap shows in, or "*" for every replayed recording that shows it. */
  recordings: string[] | '*';
  /** `kind path`, as differenceId prints it: "status", "code", "header twilio-request-id", "body-missing detail". */
  difference: string;
  reason: string;
}

export interface Triage {
  known: Array<{ difference: Difference; gap: KnownGap }>;
  unexpected: Difference[];
  /** Entries (per listed recording) that matched nothing: delete them. */
  stale: Array<{ gap: KnownGap; recording: string }>;
}

export function loadKnownGaps(): KnownGap[] {
  const data = JSON.parse(readFileSync(new URL('../expectations/real-known-gaps.json', import.meta.url), 'utf8')) as { gaps: KnownGap[] };
  return data.gaps;
}

const covers = (gap: KnownGap, d: Difference) =>
  gap.difference === differenceId(d) && (gap.recordings === '*' || gap.recordings.includes(d.recording));

export function triage(run: RealRun, gaps: KnownGap[]): Triage {
  const differences = run.results.flatMap((r) => r.differences);
  const out: Triage = { known: [], unexpected: [], stale: [] };
  for (const d of differences) {
    const gap = gaps.find((g) => covers(g, d));
    if (gap) out.known.push({ difference: d, gap });
    else out.unexpected.push(d);
  }
  for (const gap of gaps) {
    const used = (recording?: string) => out.known.some((k) => k.gap === gap && (!recording || k.difference.recording === recording));
    if (gap.recordings === '*') {
      if (!used()) out.stale.push({ gap, recording: '*' });
    } else for (const recording of gap.recordings) if (!used(recording)) out.stale.push({ gap, recording });
  }
  return out;
}
