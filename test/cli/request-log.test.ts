// The request log: one entry per request with method, path, status, Twilio code, latency and account, as JSON lines
// or short lines for a terminal; never a token or an Authorization header; nothing at all unless asked for.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { type ListeningSimulator, startSimulator } from '../../simulator/index.js';
import type { RequestLogOptions } from '../../simulator/http/request-log.js';
import { sdkAt } from '../helpers/sdk.js';
import { CLI } from './run-cli.js';

let sim: ListeningSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  vi.restoreAllMocks();
});

/** A simulator logging into an array; sends one good and one refused SMS through the official SDK. */
async function traffic(log: Omit<RequestLogOptions, 'stream'>): Promise<{ lines: string[]; token: string; sid: string }> {
  const lines: string[] = [];
  sim = await startSimulator({ port: 0, clock: 'virtual', log: { ...log, stream: { write: (line: string) => lines.push(line) } } });
  const { sid, authToken } = sim.accounts[0]!;
  const sdk = sdkAt(sim.url, sid, authToken);
  await sdk.messages.create({ from: '+61491570156', to: '+61491570101', body: 'logged' });
  await expect(sdk.messages.create({ from: '+61491570199', to: '+61491570101', body: 'not our number' })).rejects.toThrow();
  return { lines, token: authToken, sid };
}

describe('request log', () => {
  it('writes one JSON line per request with status, Twilio code, latency and account, and no credentials', async () => {
    const { lines, token, sid } = await traffic({ format: 'json' });
    const entries = lines.map((l) => JSON.parse(l));
    const path = `/2010-04-01/Accounts/${sid}/Messages.json`;
    expect(entries).toEqual([
      expect.objectContaining({ method: 'POST', path, status: 201, account: sid, ms: expect.any(Number) }),
      expect.objectContaining({ method: 'POST', path, status: 400, code: 21606, account: sid }),
    ]);
    expect(entries[0]).not.toHaveProperty('code');
    expect(entries[0].time).toMatch(/^\d{4}-\d\d-\d\dT/);
    const all = lines.join('');
    expect(all).not.toContain(token);
    expect(all.toLowerCase()).not.toContain('authorization');
    expect(all).not.toContain('Basic ');
  });

  it('names an API key caller by its SID only, and logs a refused login without its password', async () => {
    const lines: string[] = [];
    sim = await startSimulator({ port: 0, clock: 'virtual', log: { format: 'json', stream: { write: (l: string) => lines.push(l) } } });
    const key = 'SK0000000000000000000000000000dead';
    const response = await fetch(`${sim.url}/__sim/clock`, {
      headers: { authorization: `Basic ${Buffer.from(`${key}:hunter2-secret`).toString('base64')}` },
    });
    expect(response.status).toBe(401);
    expect(JSON.parse(lines[0]!)).toMatchObject({ path: '/__sim/clock', status: 401, code: 20003, account: key });
    expect(lines.join('')).not.toContain('hunter2');
  });

  it('logs each events-websocket session once: accepted with its account, refused with 20003, never a token', async () => {
    const lines: string[] = [];
    sim = await startSimulator({ port: 0, clock: 'virtual', log: { format: 'json', stream: { write: (l: string) => lines.push(l) } } });
    const { sid, authToken } = sim.accounts[0]!;
    const ws = (options: { auth?: string; signIn?: unknown }) =>
      new Promise<void>((resolve) => {
        const url = `${sim!.url.replace('http', 'ws')}/__sim/events${options.auth ? `?auth=${options.auth}` : ''}`;
        const socket = new WebSocket(url);
        socket.on('open', () => (options.signIn ? socket.send(JSON.stringify(options.signIn)) : undefined));
        socket.on('message', () => socket.close());
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
      });
    await ws({ auth: Buffer.from(`${sid}:${authToken}`).toString('base64') });
    await ws({ auth: Buffer.from(`${sid}:wrong`).toString('base64') });
    await ws({ signIn: { type: 'auth', accountSid: sid, authToken } });
    await ws({ signIn: { type: 'auth', accountSid: sid, authToken: 'wrong' } });
    const sessions = lines.map((l) => JSON.parse(l)).filter((e) => e.path === '/__sim/events');
    expect(sessions).toEqual([
      expect.objectContaining({ method: 'GET', status: 101, account: sid }),
      expect.objectContaining({ status: 401, code: 20003, account: sid }),
      expect.objectContaining({ status: 101, account: sid }),
      expect.objectContaining({ status: 101, code: 20003 }),
    ]);
    expect(sessions[3]).not.toHaveProperty('account');
    expect(lines.join('')).not.toContain(authToken);
  });

  it('pretty lines read as method, path, status, code, latency, account', async () => {
    const { lines, sid } = await traffic({ format: 'pretty', color: false });
    expect(lines[1]).toMatch(
      new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} POST   /2010-04-01/Accounts/${sid}/Messages\\.json 400 21606 \\d+\\.\\d ms  ${sid}\\n$`),
    );
    expect(lines.join('')).not.toContain('\x1b[');
  });

  it('startSimulator() writes nothing to stdout unless a log is asked for', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    sim = await startSimulator({ port: 0, clock: 'virtual' });
    const { sid, authToken } = sim.accounts[0]!;
    await sdkAt(sim.url, sid, authToken).messages.create({ from: '+61491570156', to: '+61491570101', body: 'quiet' });
    expect(write).not.toHaveBeenCalled();
  });
});

/** Starts the built CLI, sends two requests once it is listening, stops it, and returns what it printed after the banner. */
async function cliOutputAfterRequest(flags: string[]): Promise<string> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--clock', 'virtual', ...flags], {
    env: { PATH: process.env.PATH ?? '' },
    cwd: '/',
  });
  let out = '';
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Point the twilio SDK[^\n]*\n\n/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  const banner = out.length;
  await fetch(`${url}/__sim/health`);
  await fetch(`${url}/__sim/routes`);
  // Everything the process wrote, up to its exit: a late log line cannot slip past the --quiet check.
  child.kill('SIGTERM');
  await closed;
  return out.slice(banner);
}

describe('twilio-sim --log / --quiet', () => {
  it('--log json prints JSON lines, without health checks', async () => {
    const out = await cliOutputAfterRequest(['--log', 'json']);
    const entries = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // Health checks are left out (Docker's would fill the log); everything else is in.
    expect(entries).toEqual([expect.objectContaining({ method: 'GET', path: '/__sim/routes', status: 200 })]);
  });

  it('--quiet prints nothing after the banner', async () => {
    expect(await cliOutputAfterRequest(['--quiet'])).toBe('');
  });
});
