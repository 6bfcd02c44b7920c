// The recordings' own account state, recreated: a copy of the simulator's fixtures in a temporary directory whose
// default account also owns the numbers the recorded accounts sent from. The repository's fixtures stay untouched.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

interface AccountsFile {
  accounts: Array<{ numbers: Array<{ sid: string; phoneNumber: string; friendlyName?: string }> }>;
}

/** A stable PN SID per number, so reruns build the same account. */
const numberSid = (e164: string) => `PN${createHash('sha256').update(e164).digest('hex').slice(0, 32)}`;

export function fixturesOwning(numbers: string[]): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'contracts-real-'));
  for (const f of readdirSync(FIXTURES)) if (f.endsWith('.json')) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  const file = path.join(dir, 'accounts.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as AccountsFile;
  const account = data.accounts[0]!;
  const have = new Set(account.numbers.map((n) => n.phoneNumber));
  for (const n of numbers)
    if (!have.has(n)) account.numbers.push({ sid: numberSid(n), phoneNumber: n, friendlyName: `owned in a real recording (${n})` });
  writeFileSync(file, JSON.stringify(data, null, 2));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
