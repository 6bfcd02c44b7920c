// Every ```ts block of the README, as a reader would paste it into a strict TypeScript project that installed
// twilio-sim: all of them must type-check, and each one that does not say why it is not run ("Not run by the README
// test: …" on its first line) must run, against a simulator this test starts in place of http://127.0.0.1:4010.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListeningSimulator, startSimulator } from '../../simulator/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Inside the checkout, so `twilio-sim` resolves to this package (its exports and built types) as it does for users.
const DIR = join(ROOT, '.readme-snippets');
const NOT_RUN = /^\/\/ Not run by the README test: /;

const snippets = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => ({
  file: `snippet-${i + 1}.ts`,
  source: m[1]!,
}));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, env, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
    );
  });
}

let sim: ListeningSimulator;
beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR);
  // Each snippet is a module of its own (`export {}`), so their top-level names never collide.
  for (const s of snippets) writeFileSync(join(DIR, s.file), `${s.source}\nexport {};\n`);
  writeFileSync(
    join(DIR, 'tsconfig.json'),
    JSON.stringify({
      extends: '../tsconfig.json',
      // A snippet shows values (`status, segments`) it does not go on to use; everything else stays strict.
      compilerOptions: { noEmit: true, noUnusedLocals: false, rootDir: '.' },
      include: ['*.ts'],
    }),
  );
  sim = await startSimulator({ port: 0, clock: 'virtual' });
});
afterAll(async () => {
  await sim.stop();
  rmSync(DIR, { recursive: true, force: true });
});

describe('README snippets', () => {
  it('there are snippets to check', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
  });

  it('all type-check under strict TypeScript', async () => {
    const { code, output } = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(DIR, 'tsconfig.json')]);
    expect(output).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  for (const snippet of snippets.filter((s) => !NOT_RUN.test(s.source))) {
    it(`${snippet.file} runs (${snippet.source.split('\n').find((l) => l.startsWith('import'))})`, async () => {
      const runnable = join(DIR, `run-${snippet.file}`);
      writeFileSync(runnable, `${snippet.source.replaceAll('http://127.0.0.1:4010', sim.url)}\nexport {};\n`);
      const { sid, authToken } = sim.accounts[0]!;
      const env = { ...process.env, TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: authToken, TWILIO_BASE_URL: sim.url };
      const { code, output } = await run(process.execPath, ['--import', 'tsx', runnable], env);
      expect(output).not.toMatch(/Error/);
      expect(code).toBe(0);
      // `console.log(x); // delivered`: what the README promises is printed is printed.
      const promised = [...snippet.source.matchAll(/console\.log\(.*\); \/\/ (\w+)/g)].map((m) => m[1]!);
      expect(output.split('\n').filter((line) => line !== '')).toEqual(promised);
    }, 30_000);
  }
});
