// Node sends every request carrying `Connection: Upgrade` + `Upgrade: …` to the server's 'upgrade' listener, which
// only the events websocket wants. Anything else (curl --http2 asking for h2c, a websocket aimed at a REST path) is
// an ordinary HTTP request that merely offered to switch protocols, and HTTP lets a server ignore that offer. So the
// request is written back onto the socket without its upgrade headers and the socket is handed to the HTTP server
// as a new connection ('connection' may be emitted by users for exactly this): Node parses it again, body and all
// (Content-Length or chunked), and express serves it on a normal keep-alive connection.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Headers that only make sense for the protocol switch being declined. */
const UPGRADE_ONLY = new Set(['upgrade', 'http2-settings']);

function withoutUpgrade(req: IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    const lower = name.toLowerCase();
    if (UPGRADE_ONLY.has(lower)) continue;
    if (lower === 'connection') {
      // Keep the other options (keep-alive, close) and drop the tokens naming the upgrade.
      const kept = value
        .split(',')
        .map((token) => token.trim())
        .filter((token) => token !== '' && !UPGRADE_ONLY.has(token.toLowerCase()));
      if (kept.length > 0) lines.push(`${name}: ${kept.join(', ')}`);
      continue;
    }
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function serveAsPlainHttp(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  // Header values came off the wire as latin1 (Node's reading); writing them back the same way keeps their bytes.
  socket.unshift(Buffer.concat([Buffer.from(withoutUpgrade(req), 'latin1'), head]));
  server.emit('connection', socket);
}
