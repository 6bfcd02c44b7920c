// `npm ci` on a supported Node (this one) must print no EBADENGINE warning: every locked package accepts it. npm
// itself judges, on a copy of the manifest and lockfile (a dry run, offline: nothing is fetched or installed).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

it(`every locked package accepts Node ${process.version}`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'twilio-sim-engines-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(ROOT, file), join(dir, file));
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        'npm',
        ['install', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'],
        { cwd: dir, encoding: 'utf8' },
        (error, stdout, stderr) => (error ? reject(new Error(stdout + stderr)) : resolve(stdout + stderr)),
      );
    });
    expect(output).toMatch(/added \d+ packages/);
    expect(output).not.toContain('EBADENGINE');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
