// `--data` against the worst stop there is: the built CLI is killed with SIGKILL in the middle of a burst of
// creates (messages and calls), then started again on the same folder. Every create that was answered 201 must be
// there, as it was answered. (npm test builds dist/ first.)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/simulator/cli.js');
const { TWILIO_SIM_PORT, TWILIO_SIM_HOST, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, ...ENV } = process.env;
const dir = mkdtempSync(join(tmpdir(), 'twilio-sim-kill-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI on a free port with a virtual clock (so nothing moves between the answer and the check). */
function start(): Promise<{ child: ChildProcess; url: string; auth: string; sid: string }> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--clock', 'virtual', '--data', dir], { cwd: dir, env: ENV });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const sid = /TWILIO_ACCOUNT_SID=(\S+)/.exec(out)?.[1];
      const token = /TWILIO_AUTH_TOKEN=(\S+)/.exec(out)?.[1];
      if (url && sid && token && out.includes('numbers:')) {
        resolve({ child, url, sid, auth: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}` });
      }
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited early (${code}): ${out}`)));
  });
}

it('a SIGKILL under a create load loses no create that was answered 201', async () => {
  const first = await start();
  const answered = new Map<string, unknown>();
  // Every other create is a call (queued behind the CPS limit), the others messages.
  const create = async (i: number) => {
    const to = `+614915702${String(i % 100).padStart(2, '0')}`;
    const [resource, fields] =
      i % 2 === 0 ? ['Messages', { Body: `n${i}` }] : ['Calls', { Twiml: `<Response><Say>n${i}</Say></Response>` }];
    const response = await fetch(`${first.url}/2010-04-01/Accounts/${first.sid}/${resource}.json`, {
      method: 'POST',
      headers: { authorization: first.auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: '+61491570156', To: to, ...fields }),
    });
    if (response.status !== 201) throw new Error(`create answered ${response.status}`);
    const created = (await response.json()) as { sid: string };
    answered.set(created.sid, created);
  };
  // 8 writers; the kill comes once 200 creates have been answered, while the others are still in flight.
  let next = 0;
  const killed = new Promise<void>((resolve) => first.child.once('exit', () => resolve()));
  let killSent = false;
  const writers = Array.from({ length: 8 }, async () => {
    while (next < 900 && !killSent) {
      const i = next++;
      if (answered.size >= 200) {
        killSent = true;
        first.child.kill('SIGKILL');
      }
      await create(i).catch(() => undefined); // a refused connection or a cut answer once it is dead
    }
  });
  await Promise.all([killed, ...writers]);
  expect(answered.size).toBeGreaterThanOrEqual(200);

  const second = await start();
  const list = async (resource: string) => {
    const listed = await fetch(`${second.url}/2010-04-01/Accounts/${second.sid}/${resource}.json?PageSize=1000`, {
      headers: { authorization: second.auth },
    });
    return ((await listed.json()) as Record<string, Array<{ sid: string }>>)[resource.toLowerCase()]!;
  };
  const kept = new Map([...(await list('Messages')), ...(await list('Calls'))].map((r) => [r.sid, r]));
  expect([...answered.keys()].filter((sid) => sid.startsWith('CA')).length).toBeGreaterThanOrEqual(100);
  for (const [sid, created] of answered) expect(kept.get(sid)).toEqual(created);
  second.child.kill('SIGKILL');
}, 30_000);
