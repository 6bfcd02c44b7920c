// The package as another project gets it: `npm pack`, unpacked into a temp project's node_modules next to only the
// dependencies npm would install for it (linked from this checkout: no network here or in CI). A client-only app
// must load without express, ws, pino, msw or the contract harness's peers; the simulator, msw and contracts entries
// need exactly their optional peers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_PEERS = ['express', 'ws', 'pino'];
const CONTRACT_PEERS = ['ajv', 'ajv-formats', '@twilio/cli-core'];
const OPTIONAL_PEERS = [...SERVER_PEERS, 'msw', ...CONTRACT_PEERS];

interface Manifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  exports: Record<string, string>;
}

let app: string;
let manifest: Manifest;

function link(name: string): void {
  const target = join(app, 'node_modules', name);
  if (existsSync(target)) return;
  mkdirSync(join(target, '..'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
}

/** Runs an ES module in the temp project, as its own code would; returns stdout, or throws with stderr. */
function runInApp(source: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
}

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'twilio-sim-consumer-'));
  // dist/ is fresh: npm test builds before vitest runs. --ignore-scripts: no second build inside the test.
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', app], { cwd: ROOT, encoding: 'utf8' }),
  );
  const installed = join(app, 'node_modules', 'twilio-sim');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(app, packed.filename), '-C', installed, '--strip-components=1']);
  manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  // What `npm install twilio-sim twilio` puts next to it: its dependencies and the required peer, nothing optional.
  for (const name of [...Object.keys(manifest.dependencies ?? {}), 'twilio']) link(name);
}, 60_000);
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('twilio-sim installed from its tarball', () => {
  it('declares the server, msw and contract packages as optional peers, never as dependencies, and exports every entry', () => {
    for (const name of OPTIONAL_PEERS) {
      expect(manifest.dependencies).not.toHaveProperty(name);
      expect(manifest.peerDependencies).toHaveProperty(name);
      expect(manifest.peerDependenciesMeta?.[name]?.optional).toBe(true);
    }
    expect(Object.keys(manifest.exports).sort()).toEqual(['.', './contracts', './msw', './simulator', './testing']);
  });

  it('pulls none of them in through its dependencies either (the lockfile’s resolved tree)', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dependencies?: Record<string, string> }>;
    };
    const seen = new Set<string>();
    const visit = (name: string, from: string) => {
      // npm's lookup: nested under the parent first, then the top level.
      const key = [`${from}/node_modules/${name}`, `node_modules/${name}`].find((k) => lock.packages[k]);
      if (!key || seen.has(key)) return;
      seen.add(key);
      for (const dep of Object.keys(lock.packages[key]!.dependencies ?? {})) visit(dep, key);
    };
    for (const name of [...Object.keys(manifest.dependencies ?? {}), 'twilio']) visit(name, '');
    const names = [...seen].map((k) => k.slice(k.lastIndexOf('node_modules/') + 13));
    for (const name of OPTIONAL_PEERS) expect(names).not.toContain(name);
  });

  it('loads the production client and its testing helper without express, ws, pino or msw installed', () => {
    const out = runInApp(
      "const c = await import('twilio-sim'); const t = await import('twilio-sim/testing');" +
        'console.log(typeof c.TwilioClient, typeof c.createWebhookRouter, typeof t.SimulatorRequestClient)',
    );
    expect(out.trim()).toBe('function function function');
  });

  it('makes a webhook router only once express is there, and says so before', () => {
    expect(() => runInApp("(await import('twilio-sim')).createWebhookRouter({ authToken: 't' })")).toThrow(
      /createWebhookRouter needs express \(an optional peer dependency of twilio-sim\)/,
    );
  });

  it('the simulator entry needs its server peers, then starts and stops', () => {
    expect(() => runInApp("await import('twilio-sim/simulator')")).toThrow(/Cannot find package '(express|ws|pino)'/);
    for (const name of SERVER_PEERS) link(name);
    const out = runInApp(
      "const { startSimulator } = await import('twilio-sim/simulator');" +
        "const sim = await startSimulator({ port: 0, clock: 'virtual' });" +
        "const health = await (await fetch(sim.url + '/__sim/health')).json();" +
        // The inspector page ships built in the tarball and is found from the installed package.
        "const page = await fetch(sim.url + '/'); const html = await page.text(); await sim.stop();" +
        "console.log(health.ok, page.status, html.includes('/app.js'))",
    );
    expect(out.trim()).toBe('true 200 true');
  });

  it('the msw entry needs msw, and then uses that one copy', () => {
    expect(() => runInApp("await import('twilio-sim/msw')")).toThrow(/Cannot find package 'msw'/);
    // Nothing bundled: the app's msw is the only msw, so its types and the handlers' types are the same types.
    expect(existsSync(join(app, 'node_modules', 'twilio-sim', 'node_modules'))).toBe(false);
    link('msw');
    const out = runInApp("const { twilioHandlers } = await import('twilio-sim/msw'); console.log(twilioHandlers().length)");
    expect(Number(out)).toBeGreaterThan(0);
  });

  it('the contracts entry names the peers it misses, then validates and runs cases against the installed simulator', () => {
    expect(() => runInApp("await import('twilio-sim/contracts')")).toThrow(
      /twilio-sim\/contracts needs ajv, ajv-formats, @twilio\/cli-core \(optional peer dependencies of twilio-sim\); missing: ajv, ajv-formats, @twilio\/cli-core/,
    );
    // The spec and the case data resolve from this project: the peers from its node_modules, the cases from the tarball.
    for (const name of [...SERVER_PEERS, ...CONTRACT_PEERS]) link(name);
    const out = runInApp(
      "const { startSimulator } = await import('twilio-sim/simulator');" +
        "const { runContracts, validateResponse } = await import('twilio-sim/contracts');" +
        "const sim = await startSimulator({ port: 0, host: '127.0.0.1', clock: 'virtual' });" +
        'const { sid, authToken, numbers } = sim.accounts[0];' +
        "const res = await fetch(sim.url + '/2010-04-01/Accounts/' + sid + '/Messages.json', { method: 'POST'," +
        "  headers: { authorization: 'Basic ' + btoa(sid + ':' + authToken), 'content-type': 'application/x-www-form-urlencoded' }," +
        "  body: new URLSearchParams({ From: numbers[0], To: '+61491570110', Body: 'hi' }) });" +
        'const body = await res.json(); const { sid: _dropped, ...withoutSid } = body;' +
        "const report = await runContracts({ baseUrl: sim.url, accountSid: sid, authToken, allowReset: true, filter: (id) => id.startsWith('messages.') });" +
        'await sim.stop();' +
        "console.log(JSON.stringify({ status: res.status, valid: validateResponse('CreateMessage', 201, body), withoutSid: validateResponse('CreateMessage', 201, withoutSid).map((d) => d.path), summary: report.summary, ran: report.cases.filter((c) => c.outcome !== 'skipped').map((c) => c.id) }))",
    );
    const result = JSON.parse(out) as {
      status: number;
      valid: unknown[];
      withoutSid: string[];
      summary: { passed: number; failed: number };
      ran: string[];
    };
    expect(result.status).toBe(201);
    expect(result.valid).toEqual([]);
    expect(result.withoutSid).toEqual(['/sid']);
    expect(result.summary.failed).toBe(0);
    expect(result.summary.passed).toBeGreaterThan(0);
    expect(result.ran.length).toBe(result.summary.passed);
    expect(result.ran.every((id) => id.startsWith('messages.'))).toBe(true);
  });
});
