// Answers written straight onto a socket, for the requests that never reach express (parser failures, CONNECT,
// refused websocket upgrades): the same Twilio-shaped body, with its content type and length, then the connection
// is closed because nothing after it can be trusted to be read correctly.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WireResponse } from '../wire/types.js';

export function endWithResponse(socket: Duplex, out: WireResponse): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const headers = { ...out.headers, 'content-length': String(Buffer.byteLength(out.body)), connection: 'close' };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${out.status} ${STATUS_CODES[out.status] ?? ''}\r\n${head.join('')}\r\n${out.body}`);
}
