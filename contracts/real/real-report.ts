// The real-recordings comparison as a report, next to the spec drift report: reports/contracts-real.json + .md.
// Per recording: what differs and which recording says so; what could not be replayed and why; which older
// behaviours a newer recording set aside.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { differenceId } from './compare-answer.js';
import type { Triage } from './known-gaps.js';
import type { RealRun } from './run-real.js';

export interface RealReport {
  dir: string;
  found: boolean;
  summary: {
    recordings: number;
    replayed: number;
    matching: number;
    differing: number;
    errors: number;
    notReproducible: Record<string, number>;
    unclassified: number;
    knownDifferences: number;
    unexpectedDifferences: number;
    staleKnownGaps: number;
  };
  run: RealRun;
  triage: Triage;
}

export function buildRealReport(run: RealRun, t: Triage): RealReport {
  const count = (o: string) => run.results.filter((r) => r.outcome === o).length;
  const notReproducible: Record<string, number> = {};
  for (const r of run.results) if (r.outcome === 'skipped') notReproducible[r.category!] = (notReproducible[r.category!] ?? 0) + 1;
  return {
    dir: run.dir,
    found: run.found,
    summary: {
      recordings: run.results.length,
      replayed: count('matches') + count('differs') + count('error'),
      matching: count('matches'),
      differing: count('differs'),
      errors: count('error'),
      notReproducible,
      unclassified: count('unclassified'),
      knownDifferences: t.known.length,
      unexpectedDifferences: t.unexpected.length,
      staleKnownGaps: t.stale.length,
    },
    run,
    triage: t,
  };
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderRealMarkdown(r: RealReport): string {
  const s = r.summary;
  const lines = ['# Real-recordings report', '', `Recordings: \`${r.dir}\``, ''];
  if (!r.found) return [...lines, 'The directory is absent: nothing was compared.', ''].join('\n');
  lines.push(
    '| recordings | replayed | matching | differing | errors | not reproducible | unclassified | known differences | unexpected | stale known gaps |',
    '|---|---|---|---|---|---|---|---|---|---|',
    `| ${s.recordings} | ${s.replayed} | ${s.matching} | ${s.differing} | ${s.errors} | ${Object.entries(s.notReproducible)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')} | ${s.unclassified} | ${s.knownDifferences} | ${s.unexpectedDifferences} | ${s.staleKnownGaps} |`,
    '',
    '## Differences per recording',
    '',
  );
  const knownReason = new Map(r.triage.known.map((k) => [k.difference, k.gap.reason]));
  for (const res of r.run.results.filter((x) => x.outcome === 'differs' || x.outcome === 'error')) {
    lines.push(`### ${res.file}`, '', `Source: ${res.source}  `);
    if (res.why) lines.push(`Substituted: ${res.why}  `);
    if (res.request) lines.push(`Replayed: \`${res.request.method} ${res.request.url}\` → ${res.status}  `);
    if (res.reason) lines.push(`Error: ${res.reason}  `);
    for (const n of res.notes ?? []) lines.push(`Note (not compared): ${n}  `);
    lines.push('', '| difference | real Twilio | simulator | says so | known gap |', '|---|---|---|---|---|');
    for (const d of res.differences) {
      const reason = knownReason.get(d);
      lines.push(
        `| ${cell(differenceId(d))} | ${cell(show(d.expected))} | ${cell(show(d.actual))} | ${d.evidence} | ${cell(reason ?? '**not listed**')} |`,
      );
    }
    lines.push('');
  }
  lines.push('## Matching', '');
  for (const res of r.run.results.filter((x) => x.outcome === 'matches'))
    lines.push(`- ${res.file} — ${res.source}${(res.notes ?? []).map((n) => `; note (not compared): ${n}`).join('')}`);
  lines.push('', '## Not reproducible', '', '| recording | category | reason | source |', '|---|---|---|---|');
  for (const res of r.run.results.filter((x) => x.outcome === 'skipped' || x.outcome === 'unclassified'))
    lines.push(`| ${res.file} | ${res.category ?? 'unclassified'} | ${cell(res.reason ?? '')} | ${cell(res.source)} |`);
  lines.push('', '## Older behaviour set aside (the newest recording wins)', '');
  const grouped = new Map<string, string[]>();
  for (const a of r.run.setAside) {
    const key = `${a.what}: ${show(a.older)} → ${show(a.newer)} (newest: ${a.newerRecording}, ${a.newerYear})`;
    grouped.set(key, [...(grouped.get(key) ?? []), `${a.recording} (${a.year})`]);
  }
  for (const [key, files] of grouped) lines.push(`- ${cell(key)} — set aside in ${files.join(', ')}`);
  if (r.triage.stale.length) {
    lines.push('', '## Stale known gaps (no longer occur: delete them from real-known-gaps.json)', '');
    for (const st of r.triage.stale) lines.push(`- ${st.gap.difference} in ${st.recording}: ${st.gap.reason}`);
  }
  lines.push('');
  return lines.join('\n');
}

export function renderRealSummary(r: RealReport): string {
  if (!r.found) return `real recordings: ${r.dir} is absent — skipped (set CONTRACTS_REAL_RECORDINGS or --recordings to compare)`;
  const s = r.summary;
  const skipped = Object.entries(s.notReproducible)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return `real recordings → simulator: ${s.replayed} replayed (${s.matching} matching, ${s.differing} differing, ${s.errors} errors), not reproducible: ${skipped}; ${s.knownDifferences} known differences, ${s.unexpectedDifferences} unexpected, ${s.staleKnownGaps} stale known gaps`;
}

export function writeRealReport(r: RealReport, dir = 'reports'): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'contracts-real.json');
  const md = path.join(dir, 'contracts-real.md');
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(md, renderRealMarkdown(r));
  return { json, md };
}
