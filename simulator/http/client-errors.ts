// Requests Node's HTTP parser refuses before express sees them (a URL or headers over 16 KB, malformed request
// lines) would otherwise get an empty 400/431. Answer them in Twilio's error shape too.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { twilioError } from '../wire/errors.js';

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const out = twilioError(20001, status, status === 431 ? 'Request URL or headers too large' : 'Malformed HTTP request');
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: ${out.headers['content-type']}\r\nContent-Length: ${Buffer.byteLength(out.body)}\r\nConnection: close\r\n\r\n${out.body}`,
    );
  });
}
