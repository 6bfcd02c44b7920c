// Recordings of real Twilio answers that other people committed to public repositories (VCR/nock cassettes,
// 2014–2023), one JSON file each, kept outside this repository (../shared/real-recordings next to the clone).
// They are read at run time and never copied in: they are third-party material, and the point is to check the
// simulator against them, not to ship them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Recording {
  /** File name inside the recordings directory: the recording's identity in data and reports. */
  file: string;
  source: { repo: string; path: string; commit: string; recorded_at: string };
  request: { method: string; host: string; path: string; query: Record<string, string>; form: Record<string, string> };
  response: { status: number; headers: Record<string, string>; body: unknown };
  /** recorded_at as epoch ms (NaN when unreadable); orders recordings for "the newest wins". */
  at: number;
  year: number;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Environment variable that points the comparison at another recordings directory. */
export const RECORDINGS_ENV = 'CONTRACTS_REAL_RECORDINGS';

/**
 * Where the recordings are: an explicit flag wins, then the environment variable, then the `shared/` folder that
 * sits next to the clone (CI checks it out there). Relative paths are read from the repository root, so the
 * answer does not depend on the directory a command was started in.
 */
export function recordingsDir(flag?: string, env: NodeJS.ProcessEnv = process.env): { dir: string; from: 'flag' | 'env' | 'default' } {
  if (flag) return { dir: path.resolve(REPO_ROOT, flag), from: 'flag' };
  const fromEnv = env[RECORDINGS_ENV];
  if (fromEnv) return { dir: path.resolve(REPO_ROOT, fromEnv), from: 'env' };
  return { dir: path.resolve(REPO_ROOT, '../shared/real-recordings'), from: 'default' };
}

/** Parses the recording dates the cassettes use: RFC 2822 (VCR) and "2023-11-14 14:56:28.791864+05:30" (Keploy). */
export function parseRecordedAt(text: string): number {
  const direct = Date.parse(text);
  if (!Number.isNaN(direct)) return direct;
  const iso = text.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1');
  return Date.parse(iso);
}

export function loadRecordings(dir: string): Recording[] | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return null;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Omit<Recording, 'file' | 'at' | 'year'>;
      const at = parseRecordedAt(raw.source.recorded_at);
      return { ...raw, file, at, year: new Date(at).getUTCFullYear() };
    });
}
