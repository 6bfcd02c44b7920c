// fixtures/lookups.json: package data per number, seen by every account. A missing file means no data (defaults).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFixturesDir } from '../../fixtures.js';
import { readOverrides, type PackageOverrides } from './packages.js';

export function loadLookupFixtures(dir?: string): Array<{ phoneNumber: string; packages: PackageOverrides }> {
  const file = join(dir ?? defaultFixturesDir(), 'lookups.json');
  if (!existsSync(file)) return [];
  const data = JSON.parse(readFileSync(file, 'utf8')) as { numbers?: Array<{ phoneNumber: string } & Record<string, unknown>> };
  return (data.numbers ?? []).map(({ phoneNumber, note: _note, ...packages }) => ({ phoneNumber, packages: readOverrides(packages) }));
}
