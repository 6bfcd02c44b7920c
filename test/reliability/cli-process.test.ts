// Issue 10 §1.11, a newcomer's run of the CLI: a busy port gave "Cannot destructure property 'port'", SIGTERM to
// `npm start` left the simulator running as an orphan, PORT/HOST (usually the app's) moved it silently, --speed was
// taken with a virtual clock, no .env was read and there was no --seed. Each runs the built CLI (npm test builds
// it first) and waits on its output, its exit or its sockets, never on a timer.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/simulator/cli.js');
/** The environment without anything that would move or re-key the simulator, so each test sets only what it means. */
const { TWILIO_SIM_PORT, TWILIO_SIM_HOST, PORT, HOST, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, ...CLEAN_ENV } = process.env;

// Tests run concurrently (each spawn costs a Node start), so leftovers are cleared once at the end.
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Started {
  child: ChildProcess;
  banner: string;
  url: string;
  sid: string;
  token: string;
}

function spawnTracked(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...CLEAN_ENV, ...options.env } });
  running.push(child);
  return child;
}

/** Resolves with the banner's URL and credentials once it is printed; rejects if the process exits first. */
function started(child: ChildProcess): Promise<Started> {
  return new Promise((resolve, reject) => {
    let banner = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const url = /from this machine: (\S+)|listening on (http:\/\/\S+)/.exec(banner);
      const sid = /TWILIO_ACCOUNT_SID=(\S+)/.exec(banner)?.[1];
      const token = /TWILIO_AUTH_TOKEN=(\S+)/.exec(banner)?.[1];
      if (url && sid && token && banner.includes('numbers:')) resolve({ child, banner, url: (url[1] ?? url[2])!, sid, token });
    });
    child.once('exit', (code) => reject(new Error(`exited early (${code}): ${banner}${stderr}`)));
  });
}

const startCli = (args: string[], options?: { env?: NodeJS.ProcessEnv; cwd?: string }) =>
  started(spawnTracked(process.execPath, [CLI, ...args], options));

/** Runs the CLI to its exit and returns the exit code and what it wrote. */
async function runCli(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnTracked(process.execPath, [CLI, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

async function eventsSocket(sim: Started): Promise<{ closeCode: Promise<number> }> {
  const auth = Buffer.from(`${sim.sid}:${sim.token}`).toString('base64');
  const ws = new WebSocket(`${sim.url.replace('http', 'ws')}/__sim/events?auth=${auth}`);
  await new Promise((resolve) => ws.once('open', resolve));
  return { closeCode: new Promise((resolve) => ws.once('close', (code) => resolve(code))) };
}

/** A port something else already listens on. */
let busy: Server;
let busyPort: number;
beforeAll(async () => {
  busy = await new Promise<Server>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve(server));
  });
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => busy.close());

describe.concurrent('the CLI process', () => {
  describe('starting', () => {
    it('a port in use is said so, with how to choose another', async () => {
      const { code, stderr } = await runCli(['--port', String(busyPort)]);
      expect(code).toBe(1);
      expect(stderr).toContain(`port ${busyPort} on 127.0.0.1 is already in use`);
      expect(stderr).toContain('--port 0');
    });

    it('PORT and HOST belong to the app and are ignored; TWILIO_SIM_PORT / TWILIO_SIM_HOST are read', async () => {
      const sim = await startCli([], {
        env: { PORT: String(busyPort), HOST: '256.0.0.1', TWILIO_SIM_PORT: '0', TWILIO_SIM_HOST: '127.0.0.1' },
      });
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.url).not.toContain(`:${busyPort}`);
      expect((await fetch(`${sim.url}/__sim/health`)).status).toBe(200);
    });

    it('--help lists every flag, the environment variables and the .env file', async () => {
      const { code, stdout } = await runCli(['--help']);
      expect(code).toBe(0);
      for (const item of [
        '--port',
        '--host',
        '--clock',
        '--speed',
        '--seed',
        '--fixtures',
        '--help',
        'TWILIO_SIM_PORT',
        'TWILIO_SIM_HOST',
        '.env',
      ]) {
        expect(stdout).toContain(item);
      }
    });

    it('--speed with --clock virtual is refused with a reason', async () => {
      const { code, stderr } = await runCli(['--clock', 'virtual', '--speed', '10', '--port', '0']);
      expect(code).toBe(1);
      expect(stderr.trim()).toBe('twilio-sim: --speed only applies to --clock real: a virtual clock moves only when told');
    });

    it('reads .env from the working directory; variables already set win over it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'twilio-sim-env-'));
      const fileSid = `AC${'ab'.repeat(16)}`;
      writeFileSync(join(dir, '.env'), `TWILIO_SIM_PORT=0\nTWILIO_ACCOUNT_SID=${fileSid}\nTWILIO_AUTH_TOKEN=from-file\n`);
      const sim = await startCli([], { cwd: dir, env: { TWILIO_AUTH_TOKEN: 'from-environment' } });
      expect(sim.sid).toBe(fileSid);
      expect(sim.token).toBe('from-environment');
    });

    it('--seed N gives repeatable SIDs, a different seed different ones', async () => {
      const firstSid = async (seed: string) => {
        const sim = await startCli(['--port', '0', '--clock', 'virtual', '--seed', seed]);
        const response = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.sid}/Messages.json`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${sim.sid}:${sim.token}`).toString('base64')}` },
          body: new URLSearchParams({ To: '+61491570101', From: '+61491570156', Body: 'seeded' }),
        });
        return ((await response.json()) as { sid: string }).sid;
      };
      const [a, again, other] = await Promise.all([firstSid('1'), firstSid('1'), firstSid('2')]);
      expect(again).toBe(a);
      expect(other).not.toBe(a);
    });
  });

  describe('stopping', () => {
    it.each(['SIGTERM', 'SIGINT'] as const)('%s: event websockets get 1001 and the process exits 0', async (signal) => {
      const sim = await startCli(['--port', '0']);
      const events = await eventsSocket(sim);
      sim.child.kill(signal);
      expect(await events.closeCode).toBe(1001);
      expect(await exited(sim.child)).toBe(0);
    });

    it('SIGTERM to `npm start` leaves no simulator behind', { timeout: 15_000 }, async () => {
      // npm itself, as a process manager or `docker stop` would signal it. npm_execpath is set when tests run under npm.
      const npm = process.env.npm_execpath
        ? spawnTracked(process.execPath, [process.env.npm_execpath, 'start', '--', '--port', '0'])
        : spawnTracked('npm', ['start', '--', '--port', '0']);
      const sim = await started(npm);
      const events = await eventsSocket(sim);
      // Every process of the tree shares npm's stdout: it closes only once the simulator itself has exited too.
      const allGone = new Promise((resolve) => npm.stdout!.once('close', resolve));
      npm.kill('SIGTERM');
      expect(await events.closeCode).toBe(1001);
      await allGone;
    });
  });
});
