// Issue 10 §1.4 and §1.10: a REST request that offers to switch protocols (curl --http2 tries h2c this way) used to
// get an empty 404 and was not carried out; CONNECT got no answer at all; refused websocket handshakes had empty
// bodies. Only /__sim/events upgrades now, everything else is served as plain HTTP, and every refusal is Twilio-shaped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator } from '../../simulator/index.js';
import { basic, closed, exchange, readResponse } from './raw-socket.js';

let sim: ListeningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
});
afterAll(() => sim.stop());

const H2C = ['Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA'];

function createMessage(extraHeaders: string[], body: string, bodyHeaders: string[]) {
  const account = sim.accounts[0]!;
  return exchange(
    sim.url,
    [
      `POST /2010-04-01/Accounts/${account.sid}/Messages.json HTTP/1.1`,
      'Host: 127.0.0.1',
      `Authorization: ${basic(account)}`,
      'Content-Type: application/x-www-form-urlencoded',
      ...bodyHeaders,
      ...extraHeaders,
    ],
    body,
  );
}

async function listed(sid: string): Promise<boolean> {
  const account = sim.accounts[0]!;
  const response = await fetch(`${sim.url}/2010-04-01/Accounts/${account.sid}/Messages/${sid}.json`, {
    headers: { authorization: basic(account) },
  });
  return response.status === 200;
}

describe('requests offering an upgrade are served as plain HTTP', () => {
  it('an h2c offer on POST Messages.json (Content-Length body) creates the message, and the connection stays usable', async () => {
    const body = 'To=%2B61491570101&From=%2B61491570156&Body=h2c';
    const { socket, response } = await createMessage(H2C, body, [`Content-Length: ${body.length}`]);
    expect(response.status).toBe(201);
    const message = JSON.parse(response.body);
    expect(message.body).toBe('h2c');
    expect(await listed(message.sid)).toBe(true);

    const next = readResponse(socket);
    socket.write('GET /__sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect((await next).status).toBe(200);
    socket.destroy();
  });

  it('the same with a chunked body', async () => {
    const body = 'To=%2B61491570101&From=%2B61491570156&Body=chunked';
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const { socket, response } = await createMessage(H2C, chunked, ['Transfer-Encoding: chunked']);
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body).body).toBe('chunked');
    socket.destroy();
  });

  it('a websocket handshake aimed at a REST or control path gets that path’s HTTP answer', async () => {
    const { socket, response } = await exchange(sim.url, [
      'GET /__sim/health HTTP/1.1',
      'Host: 127.0.0.1',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ]);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true });
    socket.destroy();
  });
});

describe('refusals written outside express are Twilio-shaped', () => {
  it('CONNECT → 405/20004 with a JSON body, then the connection is closed', async () => {
    const { socket, response } = await exchange(sim.url, ['CONNECT example.com:443 HTTP/1.1', 'Host: example.com:443']);
    expect(response.status).toBe(405);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
    expect(JSON.parse(response.body)).toMatchObject({ code: 20004, status: 405 });
    await closed(socket);
  });

  it('an events websocket with wrong credentials → 401/20003 with a JSON body and a Basic challenge', async () => {
    const { socket, response } = await exchange(sim.url, [
      'GET /__sim/events?auth=bm9wZTpub3Bl HTTP/1.1',
      'Host: 127.0.0.1',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ]);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Basic/);
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
    expect(JSON.parse(response.body)).toEqual({
      code: 20003,
      detail: 'Your AccountSid or AuthToken was incorrect.',
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
    await closed(socket);
  });
});
