// One worker of the 20k-connection run (bench/connections.ts): opens hostile connections to the simulator at a
// steady rate and reports how each one ended. A process of its own, because each process may hold only
// `ulimit -n` descriptors (20000 here) and the run needs more sockets than that across both ends.
//
// Kinds (what a careless or hostile client does to an HTTP server):
//   idle        connects and sends nothing
//   slowloris   sends a request line and then one header byte every TRICKLE_MS, never ending the headers
//   unauth-body complete headers of a messages.create without credentials announcing a body, then trickles it
//   auth-body   the same with valid credentials (a client that has them and still trickles)
//   keepalive   one GET /__sim/health, then holds the kept-alive connection open without a next request
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const TRICKLE_MS = 5_000;
/** A connection still open this long after it was opened is counted as never closed by the server. */
const GIVE_UP_MS = 90_000;

/** @param {{ port: number, localAddress: string, sid: string, token: string, kinds: Record<string, number>, perSecond: number }} plan */
function run(plan) {
  const path = `/2010-04-01/Accounts/${plan.sid}/Messages.json`;
  const auth = `Authorization: Basic ${Buffer.from(`${plan.sid}:${plan.token}`).toString('base64')}\r\n`;
  const post = (withAuth) =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${withAuth ? auth : ''}` +
    'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nTo=%2B61';
  const opening = {
    idle: () => '',
    slowloris: () => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `,
    'unauth-body': () => post(false),
    'auth-body': () => post(true),
    keepalive: () => 'GET /__sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n',
  };
  const trickles = new Set(['slowloris', 'unauth-body', 'auth-body']);
  // Interleave the kinds so every moment of the storm has all of them.
  const queue = [];
  const remaining = { ...plan.kinds };
  while (Object.values(remaining).some((n) => n > 0)) {
    for (const kind of Object.keys(remaining)) if (remaining[kind]-- > 0) queue.push(kind);
  }

  const open = new Set();
  /** kind → { lifetimes (ms), statuses: { '408': n, none: n, … }, connectErrors, unanswered } */
  const results = Object.fromEntries(Object.keys(plan.kinds).map((k) => [k, { lifetimes: [], statuses: {}, connectErrors: 0, gaveUp: 0 }]));
  let peakOpen = 0;
  let started = 0;
  let finished = 0;
  const startedAt = performance.now();

  const connect = (kind) => {
    started++;
    const openedAt = performance.now();
    let connected = false;
    let head = '';
    let ended = false;
    const socket = net.connect({ host: '127.0.0.1', port: plan.port, localAddress: plan.localAddress });
    const end = (how) => {
      if (ended) return;
      ended = true;
      open.delete(socket);
      finished++;
      const r = results[kind];
      if (how === 'connect-error') r.connectErrors++;
      else if (how === 'gave-up') r.gaveUp++;
      else {
        r.lifetimes.push(performance.now() - openedAt);
        // For keepalive the first answer is the 200 to its own request; what matters is how the wait ended.
        const answers = head.match(/HTTP\/1\.1 \d{3}/g) ?? [];
        const last = kind === 'keepalive' ? answers[1] : answers[0];
        const status = last ? last.slice(9) : 'none';
        r.statuses[status] = (r.statuses[status] ?? 0) + 1;
      }
      socket.destroy();
    };
    socket.setNoDelay(true);
    socket.on('connect', () => {
      connected = true;
      open.add(socket);
      peakOpen = Math.max(peakOpen, open.size);
      const first = opening[kind]();
      if (first) socket.write(first);
      if (trickles.has(kind)) socket.trickle = true;
    });
    // Only the status lines are kept, and only the first few hundred bytes: answers here are small.
    socket.on('data', (chunk) => {
      if (head.length < 600) head += chunk.toString('latin1');
    });
    socket.on('error', () => (connected ? undefined : end('connect-error')));
    socket.on('close', () => end(connected ? 'closed' : 'connect-error'));
    setTimeout(() => end('gave-up'), GIVE_UP_MS).unref();
  };

  const opener = setInterval(() => {
    const due = Math.min(queue.length, Math.floor(((performance.now() - startedAt) / 1000) * plan.perSecond)) - started;
    for (let i = 0; i < due; i++) connect(queue[started]);
  }, 20);
  const trickler = setInterval(() => {
    for (const socket of open) if (socket.trickle && socket.writable) socket.write('a');
  }, TRICKLE_MS);
  const reporter = setInterval(() => {
    process.send({ progress: { started, open: open.size, finished } });
    if (started >= queue.length) clearInterval(opener);
    if (finished >= queue.length) {
      clearInterval(trickler);
      clearInterval(reporter);
      process.send({ done: { peakOpen, results, openSeconds: (performance.now() - startedAt) / 1000 } }, () => process.exit(0));
    }
  }, 250);
}

process.on('message', (message) => {
  if (message.plan) run(message.plan);
});
process.send({ ready: true });
