import { startSimulator } from './simulator/index.js';
import { exchange, basic } from './test/reliability/raw-socket.js';
const sim = await startSimulator({ port: 0, clock: 'virtual' });
const a = sim.accounts[0]!;
const body = 'To=%2B61491570101&From=%2B61491570156&Body=hi';
const { response } = await exchange(
  sim.url,
  [
    `POST /2010-04-01/Accounts/${a.sid}/Messages.json HTTP/1.1`,
    'Host: x',
    `Authorization: ${basic(a)}`,
    'Connection: Upgrade, HTTP2-Settings',
    'Upgrade: h2c',
    'HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA',
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${body.length}`,
  ],
  body,
).catch((e) => ({ response: String(e) }));
console.log(response);
const r2 = await exchange(sim.url, ['CONNECT example.com:443 HTTP/1.1', 'Host: example.com:443'], '').catch((e) => ({
  response: String(e),
}));
console.log(r2.response);
await sim.stop();
