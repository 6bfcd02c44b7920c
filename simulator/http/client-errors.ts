// Requests Node's HTTP parser refuses before express sees them (a URL or headers over 16 KB, malformed request
// lines) would otherwise get an empty 400/431, and a CONNECT no answer at all (Node drops the socket when nobody
// listens for 'connect'). Answer them in Twilio's error shape too.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { twilioError } from '../wire/errors.js';
import { endWithResponse } from './raw-response.js';

/** 20001 for all three is the simulator's own choice: Twilio has no code for requests it could not read. */
function answerFor(code: string | undefined) {
  if (code === 'HPE_HEADER_OVERFLOW') return twilioError(20001, 431, 'Request URL or headers too large');
  // server.headersTimeout / requestTimeout (server.ts) ran out before the whole request arrived.
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return twilioError(20001, 408, 'The request did not arrive in time');
  return twilioError(20001, 400, 'Malformed HTTP request');
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    endWithResponse(socket, answerFor(error.code));
  });
  // The simulator is no proxy: CONNECT is a method it does not allow, as Twilio answers a method it does not allow.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    endWithResponse(socket, twilioError(20004, 405, `Method ${req.method} not allowed on ${req.url}`));
  });
}
