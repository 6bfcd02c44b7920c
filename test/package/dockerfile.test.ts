// No Docker engine runs here or in CI, so the image is checked as text for what it must have (hadolint is not in
// Debian), and docker-compose.yml by Debian's docker-compose (`config -q`), which .ci/run installs.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (name: string) => readFileSync(`${ROOT}/${name}`, 'utf8');

interface Stage {
  name: string;
  /** Instructions with continuation lines joined; comments dropped. */
  lines: string[];
}

function stages(dockerfile: string): Stage[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const out: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[1] ?? String(out.length), lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

const dockerfile = read('Dockerfile');
const all = stages(dockerfile);
const runtime = all.at(-1)!;
const has = (stage: Stage, pattern: RegExp) => stage.lines.some((l) => pattern.test(l));

describe('Dockerfile', () => {
  it('builds in one stage with dev dependencies and ships another', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(has(all[0]!, /^RUN .*npm ci(?!.*--omit=dev)/)).toBe(true);
    expect(has(all[0]!, /^RUN .*npm run build/)).toBe(true);
    expect(has(runtime, /^COPY --from=\S+ .*dist/)).toBe(true);
  });

  it('copies into the build stage every folder `npm run build` reads, and .dockerignore keeps none of them out', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const tsconfig = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    // Folders the compiler takes whole, and the folder of every script the build runs with node. (A single file such
    // as contracts/index.ts is the package's contracts entry, which the image, a simulator, does without.)
    const folders = new Set(tsconfig.include.filter((entry) => !/[.*]/.test(entry)));
    for (const name of ['build', 'bundle-cli', 'bundle-inspector']) {
      for (const match of (scripts[name] ?? '').matchAll(/\b(?:node|tsc -p|esbuild) (\w[\w-]*)\//g)) folders.add(match[1]!);
    }
    expect([...folders].sort()).toEqual(expect.arrayContaining(['scripts', 'simulator', 'src']));
    const ignored = read('.dockerignore').split('\n');
    for (const folder of folders) {
      expect(has(all[0]!, new RegExp(`^COPY ${folder} `)), `build stage copies ${folder}/`).toBe(true);
      expect(ignored, `.dockerignore lets ${folder}/ in`).not.toContain(folder);
    }
  });

  it('installs production dependencies only in the runtime stage, from the lockfile', () => {
    expect(has(runtime, /^RUN .*npm ci --omit=dev/)).toBe(true);
    for (const stage of all) {
      const lockAt = stage.lines.findIndex((l) => /^COPY .*package-lock\.json/.test(l));
      stage.lines.forEach((line, i) => {
        if (!/npm (install|i)\b/.test(line)) return;
        // An install is allowed only after the lockfile is in, and pinned to the versions it records.
        expect(lockAt, line).toBeGreaterThanOrEqual(0);
        expect(lockAt, line).toBeLessThan(i);
        expect(line).toContain("require('./package-lock.json')");
      });
    }
  });

  it('runs as a non-root user, under an init process, listening on every interface inside the container only', () => {
    const user = runtime.lines.filter((l) => /^USER\s/.test(l)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/);
    expect(has(runtime, /apt-get install .*\btini\b/)).toBe(true);
    expect(runtime.lines.find((l) => l.startsWith('ENTRYPOINT'))).toMatch(
      /^ENTRYPOINT \["\/usr\/bin\/tini", "--", "node", "dist\/simulator\/cli\.js"\]/,
    );
    expect(has(runtime, /^ENV .*TWILIO_SIM_HOST=0\.0\.0\.0/)).toBe(true);
  });

  it('checks its health on /__sim/health', () => {
    expect(runtime.lines.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/CMD .*\/__sim\/health/);
  });

  it('keeps secrets and local builds out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

const compose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });

describe.skipIf(compose.error !== undefined)('docker-compose.yml (docker-compose config)', () => {
  it('is a valid compose file', () => {
    execFileSync('docker-compose', ['-f', `${ROOT}/docker-compose.yml`, 'config', '-q'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('builds the simulator from the Dockerfile, maps host.docker.internal, keeps --data in a volume, publishes on 127.0.0.1', () => {
    const config = execFileSync('docker-compose', ['-f', `${ROOT}/docker-compose.yml`, 'config'], { cwd: ROOT, encoding: 'utf8' });
    const sim = config.slice(config.indexOf('  twilio-sim:'));
    expect(sim).toMatch(/target: runtime/);
    expect(sim).toMatch(/host\.docker\.internal[:=]\s*['"]?host-gateway/);
    expect(sim).toMatch(/--data[\s\S]*\/data/);
    expect(sim).toMatch(/twilio-sim-data:\/data/);
    expect(config).toMatch(/127\.0\.0\.1:4010:4010|host_ip: 127\.0\.0\.1/);
    expect(config).toMatch(/condition: service_healthy/);
  });
});
