// Loads fixtures/*.json (accounts, prices, delivery scenarios) and applies TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN
// to the default account, so one .env serves both the app and the simulator.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fixtures } from './kernel/fixture-types.js';

/** fixtures/ of this package, found from here whether running from simulator/ (tsx) or dist/simulator/ (built). */
export function defaultFixturesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'fixtures', 'accounts.json'))) return join(dir, 'fixtures');
    dir = dirname(dir);
  }
  throw new Error('twilio-sim: could not find the fixtures/ folder; pass --fixtures');
}

function readJson<T>(path: string, fallback?: T): T {
  if (!existsSync(path)) {
    if (fallback !== undefined) return fallback;
    throw new Error(`twilio-sim: missing fixture file ${path}`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function loadFixtures(dir = defaultFixturesDir(), env: NodeJS.ProcessEnv = process.env): Fixtures {
  const root = resolve(dir);
  const accounts = readJson<{ accounts: Fixtures['accounts'] }>(join(root, 'accounts.json')).accounts;
  const prices = readJson<Fixtures['prices']>(join(root, 'prices.json'), { currency: 'AUD', sms: { default: 0.08 } });
  const scenarios = readJson<{ scenarios: Fixtures['scenarios'] }>(join(root, 'scenarios.json'), { scenarios: [] }).scenarios;
  const [first, ...rest] = accounts;
  if (!first) throw new Error('twilio-sim: fixtures/accounts.json has no accounts');
  const sid = env.TWILIO_ACCOUNT_SID?.trim();
  const token = env.TWILIO_AUTH_TOKEN?.trim();
  if (sid && !/^AC[0-9a-fA-F]{32}$/.test(sid))
    throw new Error(`twilio-sim: TWILIO_ACCOUNT_SID '${sid}' is not an account SID (AC + 32 hex)`);
  const defaultAccount = { ...first, sid: sid || first.sid, authToken: token || first.authToken };
  // Numbers belong to whichever SID the default account ends up with.
  return { accounts: [defaultAccount, ...rest.filter((a) => a.sid !== defaultAccount.sid)], prices, scenarios };
}
