// `npm start` as a newcomer runs it: the built CLI on a free port with the real clock (sped up so delivery takes
// milliseconds), printing credentials that work. Waits on the process's output and the event stream, never on timers.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sdkAt } from '../helpers/sdk.js';

const CLI = fileURLToPath(new URL('../../dist/simulator/cli.js', import.meta.url));

let child: ChildProcess;
let banner = '';

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: `npm ci` builds it (prepare), or run `npm run build`');
  // 200 simulated seconds per real second: the default 1.7 s to delivered takes under 10 ms.
  child = spawn(process.execPath, [CLI, '--port', '0', '--speed', '200'], {
    env: { ...process.env, TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('TWILIO_AUTH_TOKEN=') && banner.includes('numbers:')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited early (${code}): ${banner}`)));
  });
});
afterAll(() => {
  child.kill('SIGTERM');
});

describe('npm start (dist/simulator/cli.js)', () => {
  it('prints a URL, the default account and its numbers, which then work with the official SDK', async () => {
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    const sid = /TWILIO_ACCOUNT_SID=(AC[0-9a-f]{32})/.exec(banner)?.[1];
    const token = /TWILIO_AUTH_TOKEN=(\S+)/.exec(banner)?.[1];
    expect(banner).toContain('+61491570156');
    expect(banner).toMatch(/clock: real/);
    const sdk = sdkAt(url!, sid!, token!);

    const events = new WebSocket(`${url!.replace('http', 'ws')}/__sim/events?auth=${Buffer.from(`${sid}:${token}`).toString('base64')}`);
    await new Promise((resolve) => events.once('open', resolve));
    // Listen before sending: on a sped-up real clock the delivery can beat the create response home.
    const delivered = new Promise<string>((resolve) =>
      events.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type === 'message.status' && frame.message.status === 'delivered') resolve(frame.message.sid);
      }),
    );
    const message = await sdk.messages.create({ from: '+61491570156', to: '+61491570101', body: 'real clock' });
    expect(await delivered).toBe(message.sid);
    events.close();
    expect((await sdk.messages(message.sid).fetch()).status).toBe('delivered');
  });

  it('serves the built inspector page at the printed URL, and names it in the banner', async () => {
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    expect(banner).toContain(`Inspector: ${url}/`);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('src="/app.js"');
    expect((await fetch(`${url}/app.js`)).status).toBe(200);
  });

  it('refuses bad flags with a message, not a stack trace', async () => {
    const bad = spawn(process.execPath, [CLI, '--clock', 'sideways']);
    let stderr = '';
    bad.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => bad.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe("twilio-sim: --clock must be real or virtual, got 'sideways'");
  });
});
