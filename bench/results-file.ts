// bench/RESULTS.md as sections: how run.ts lays out a long run's part, and how `BENCH_ONLY=soak,connections`
// replaces just those parts (their section and their rows of the Targets table) in the file a full run wrote.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;
const RESULTS = join(ROOT, 'bench/RESULTS.md');

export interface Part {
  /** The section's heading, and the prefix of each of its target rows (`soak: …`). */
  name: string;
  title: string;
  lines: string[];
  targets: Array<[string, boolean, string]>;
}

export const targetRow = ([what, ok, value]: readonly [string, boolean, string]) => `| ${what} | ${ok ? 'yes' : '**no**'} | ${value} |`;

export const sectionLines = (part: Part, note?: string) => [`## ${part.title}`, '', ...(note ? [note, ''] : []), ...part.lines, ''];

/** Write the file and format it as `npm run lint` expects (biome aligns the Markdown tables). */
export function writeResults(text: string): void {
  writeFileSync(RESULTS, text);
  execFileSync(join(ROOT, 'node_modules/.bin/biome'), ['format', '--write', RESULTS], { stdio: 'ignore' });
}

/** Replace (or add) each part's section and target rows, leaving every other figure as the full run wrote it. */
export function mergeParts(parts: Part[]): void {
  const lines = readFileSync(RESULTS, 'utf8').split('\n');
  const note =
    `_Measured alone (\`BENCH_ONLY\`) on ${new Date().toISOString().slice(0, 16)}Z, load average ${loadAverage()} as it ended (this run included); ` +
    'the other sections are from the full run._';
  for (const part of parts) {
    const ownRow = (line: string) => line.replace(/^\|\s*/, '').startsWith(`${part.name}:`);
    const rows = lines.map((line, i) => (ownRow(line) ? i : -1)).filter((i) => i >= 0);
    const fresh = part.targets.map(targetRow);
    if (rows.length) lines.splice(rows[0]!, rows.length, ...fresh);
    else lines.splice(lastTableRow(lines) + 1, 0, ...fresh);
    const start = lines.indexOf(`## ${part.title}`);
    const section = sectionLines(part, note);
    if (start < 0) lines.push(...section);
    else {
      const next = lines.findIndex((line, i) => i > start && line.startsWith('## '));
      lines.splice(start, (next < 0 ? lines.length : next) - start, ...section);
    }
  }
  writeResults(lines.join('\n'));
}

/** The 1- and 5-minute load averages: how busy the machine was (other processes add noise to every figure). */
export const loadAverage = () =>
  os
    .loadavg()
    .slice(0, 2)
    .map((n) => n.toFixed(1))
    .join(' / ');

function lastTableRow(lines: string[]): number {
  const heading = lines.indexOf('## Targets');
  let i = lines.findIndex((line, n) => n > heading && line.startsWith('|'));
  while (lines[i + 1]?.startsWith('|')) i++;
  return i;
}
