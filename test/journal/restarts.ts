// What the `--data` tests share: data folders in the system's temp folder and simulators on them, all gone after
// each test (call `cleanUp` from afterEach).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ListeningSimulator, type StartOptions, startSimulator } from '../../simulator/index.js';

const dirs: string[] = [];
const running: ListeningSimulator[] = [];

export function dataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'twilio-sim-data-'));
  dirs.push(dir);
  return dir;
}

/** A simulator on a data folder, on 127.0.0.1 and a virtual clock. */
export async function startOn(data: string, options: StartOptions = {}): Promise<ListeningSimulator> {
  const sim = await startSimulator({ port: 0, clock: 'virtual', data, ...options });
  running.push(sim);
  return sim;
}

export async function stop(sim: ListeningSimulator): Promise<void> {
  running.splice(running.indexOf(sim), 1);
  await sim.stop();
}

export async function cleanUp(): Promise<void> {
  for (const sim of running.splice(0)) await sim.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
