// Real Twilio recordings (third-party cassettes, read from ../shared/real-recordings or CONTRACTS_REAL_RECORDINGS)
// replayed against the simulator inside `npm test`. Fails on a difference not in
// expectations/real-known-gaps.json and on a listed gap that no longer occurs; skips, by name and with the reason,
// every recording it cannot replay, and the whole file when the directory is absent. Writes reports/contracts-real.*.
import { beforeAll, describe, expect, it } from 'vitest';
import { differenceId } from './real/compare-answer.js';
import { loadKnownGaps, triage, type Triage } from './real/known-gaps.js';
import { loadPlan } from './real/plan.js';
import { buildRealReport, renderRealSummary, writeRealReport } from './real/real-report.js';
import { loadRecordings, recordingsDir } from './real/recordings.js';
import { runRealRecordings, type RealRun } from './real/run-real.js';

const { dir } = recordingsDir();
const recordings = loadRecordings(dir);
const plan = loadPlan();
let run: RealRun;
let sorted: Triage;

if (!recordings) {
  describe('real recordings', () => {
    it.skip(`are not compared: ${dir} is absent (set CONTRACTS_REAL_RECORDINGS to compare)`, () => {});
  });
} else {
  beforeAll(async () => {
    run = await runRealRecordings(dir, { plan });
    sorted = triage(run, loadKnownGaps());
    const report = buildRealReport(run, sorted);
    writeRealReport(report);
    console.log(renderRealSummary(report));
  }, 120_000);

  describe('real recordings: classification', () => {
    it('has an entry for every recording in the directory and a recording for every entry', () => {
      expect(run.results.filter((r) => r.outcome === 'unclassified').map((r) => r.file)).toEqual([]);
      expect(run.unmatchedPlans).toEqual([]);
    });

    it('gives every recording it cannot replay a known category, a reason and a source', () => {
      for (const [file, p] of Object.entries(plan.recordings)) {
        if (!p.skip) {
          expect(p.operationId, file).toBeTruthy();
          continue;
        }
        expect(Object.keys(plan.categories), file).toContain(p.skip);
        expect(p.reason?.length ?? 0, file).toBeGreaterThan(10);
        expect(p.source?.length ?? 0, file).toBeGreaterThan(5);
      }
    });
  });

  describe('real recordings → simulator', () => {
    for (const r of recordings) {
      const p = plan.recordings[r.file];
      it(`${r.file}: ${p?.skip ? 'not reproducible' : 'matches, apart from the known gaps'}`, (ctx) => {
        const result = run.results.find((x) => x.file === r.file)!;
        if (result.outcome === 'skipped') {
          ctx.skip(`${result.category}: ${result.reason}`);
          return;
        }
        expect(result.outcome, result.reason).not.toBe('error');
        const unexpected = sorted.unexpected
          .filter((d) => d.recording === r.file)
          .map(
            (d) => `${differenceId(d)}: real Twilio ${JSON.stringify(d.expected)} (${d.evidence}), simulator ${JSON.stringify(d.actual)}`,
          );
        expect(unexpected, 'differences not in expectations/real-known-gaps.json').toEqual([]);
      });
    }

    it('lists no known gap that no longer occurs (delete fixed ones from expectations/real-known-gaps.json)', () => {
      expect(sorted.stale.map((s) => `${s.gap.difference} in ${s.recording} — no longer differs: delete this entry`)).toEqual([]);
    });
  });
}
