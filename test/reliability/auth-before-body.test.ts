// Issue 10 §1.8: bodies used to be read before credentials were checked, so a caller without them could hold a
// connection for Node's 300 s by announcing a body and never sending it. Now the 401 comes from the headers alone and
// receiving a request is bounded in time (10 s headers / 30 s whole request by default; lowered here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { basic, closed, exchange, sendRaw } from './raw-socket.js';

let sim: ListeningSimulator;
let impatient: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  impatient = await startSimulator({ port: 0, clock: 'virtual', headersTimeoutMs: 200, requestTimeoutMs: 400 });
});
afterAll(async () => {
  await sim.stop();
  await impatient.stop();
});

const announcedBody = ['Content-Type: application/x-www-form-urlencoded', 'Content-Length: 1000'];

describe('credentials are checked before the body is read', () => {
  it.each([
    ['no credentials', 'POST /2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json', []],
    [
      'wrong credentials',
      'POST /2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json',
      ['Authorization: Basic bm9wZTpub3Bl'],
    ],
    ['no credentials on the control API', 'POST /__sim/reset', []],
  ])('%s, body announced but never sent → 401/20003 at once, connection closed', { timeout: 3_000 }, async (_name, line, auth) => {
    const { socket, response } = await exchange(sim.url, [`${line} HTTP/1.1`, 'Host: 127.0.0.1', ...auth, ...announcedBody]);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ code: 20003, status: 401 });
    await closed(socket);
  });

  it('the open routes still need nothing', async () => {
    expect((await fetch(`${sim.url}/__sim/health`)).status).toBe(200);
    expect((await fetch(`${sim.url}/__sim/routes`)).status).toBe(200);
  });
});

describe('receiving a request is bounded in time', () => {
  it('an authenticated body that never arrives → 408 once requestTimeoutMs has passed', { timeout: 5_000 }, async () => {
    const account = impatient.accounts[0]!;
    const { socket, response } = await exchange(impatient.url, [
      `POST /2010-04-01/Accounts/${account.sid}/Messages.json HTTP/1.1`,
      'Host: 127.0.0.1',
      `Authorization: ${basic(account)}`,
      ...announcedBody,
    ]);
    expect(response.status).toBe(408);
    expect(JSON.parse(response.body)).toMatchObject({ code: 20001, status: 408 });
    await closed(socket);
  });

  it('headers that never end → 408 once headersTimeoutMs has passed', { timeout: 5_000 }, async () => {
    // No blank line: the request head is never complete.
    const { socket, response } = await sendRaw(impatient.url, 'GET /__sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(response.status).toBe(408);
    await closed(socket);
  });
});
