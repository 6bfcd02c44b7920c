// What the long benchmark runs (connections.ts, soak.ts) share: the simulator as its CLI starts it, in a child
// process whose memory and descriptors are its own, read from /proc as `ps` and `ls /proc/PID/fd` would.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const ROOT = new URL('../', import.meta.url).pathname;

export interface CliSimulator {
  child: ChildProcess;
  pid: number;
  url: string;
  sid: string;
  token: string;
  /** Heap in use after full collections (needs `gcProbe`: see gc-probe.mjs). */
  heapAfterGc(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * `node dist/simulator/cli.js --port 0 --quiet`, once it has printed where and as whom to talk to it. With
 * `gcProbe`, gc-probe.mjs is preloaded (the CLI itself unchanged) and answers heapAfterGc over an IPC channel.
 */
export function startCli({ gcProbe = false } = {}): Promise<CliSimulator> {
  const probe = gcProbe ? ['--expose-gc', '--import', new URL('./gc-probe.mjs', import.meta.url).pathname] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...probe, 'dist/simulator/cli.js', '--port', '0', '--quiet'], {
      cwd: ROOT,
      // The CLI reads these (and a .env) first; the bench wants the fixtures' default account on a free port.
      env: { ...process.env, TWILIO_SIM_PORT: '', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' },
      stdio: gcProbe ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const sid = /TWILIO_ACCOUNT_SID=(\S+)/.exec(out)?.[1];
      const token = /TWILIO_AUTH_TOKEN=(\S+)/.exec(out)?.[1];
      if (!url || !sid || !token || !out.includes('numbers:')) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        child,
        pid: child.pid!,
        url,
        sid,
        token,
        heapAfterGc: () =>
          new Promise((answered) => {
            child.once('message', (m: { memory: NodeJS.MemoryUsage }) => answered(m.memory.heapUsed));
            child.send({ memory: true });
          }),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator exited early (${code}): ${out}`)));
  });
}

/** Resident memory (VmRSS) and open descriptors of a live process; undefined once it has gone. */
export function processFacts(pid: number): { rss: number; fds: number } | undefined {
  try {
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return { rss: kb * 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}

/** The p-th percentile of ascending `sorted` values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const MB = 1024 * 1024;
