// Speaking HTTP and websocket frames by hand: the reliability tests send what no well-behaved client library would,
// so they need a bare TCP socket and nothing in between.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { SimulatorAccount } from '../../simulator/index.js';

export const basic = (account: SimulatorAccount): string =>
  `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}`;

/** host and port of an `http://127.0.0.1:N` URL. */
function address(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}

export function open(url: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(address(url), () => resolve(socket));
    socket.once('error', reject);
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parse(raw: string): RawResponse | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(end + 4);
  const length = headers['content-length'];
  if (length !== undefined && Buffer.byteLength(body) < Number(length)) return undefined;
  return { status: Number(statusLine!.split(' ')[1]), headers, body };
}

/** The first complete response on the socket (headers, and the body when it has a Content-Length). */
export function readResponse(socket: Socket): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let raw = '';
    const onData = (chunk: Buffer) => {
      raw += chunk.toString('latin1');
      const response = parse(raw);
      if (!response) return;
      socket.off('data', onData);
      resolve(response);
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`connection closed before a whole response arrived: ${JSON.stringify(raw)}`)));
  });
}

/** Resolves once the peer has closed the connection. */
export const closed = (socket: Socket): Promise<void> =>
  new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));

/** Writes `raw` as it is (whole request or not) and reads the answer. */
export async function sendRaw(url: string, raw: string): Promise<{ socket: Socket; response: RawResponse }> {
  const socket = await open(url);
  socket.on('error', () => {});
  const response = readResponse(socket);
  socket.write(raw);
  return { socket, response: await response };
}

/** Sends a whole request (start line, headers, optional body) and reads the answer. */
export const exchange = (url: string, head: string[], body = '') => sendRaw(url, `${head.join('\r\n')}\r\n\r\n${body}`);

/** Completes a websocket handshake on /__sim/events and hands back the raw socket, ready for hand-made frames. */
export async function rawEventSocket(url: string, account: SimulatorAccount): Promise<Socket> {
  const { socket, response } = await exchange(url, [
    'GET /__sim/events HTTP/1.1',
    'Host: 127.0.0.1',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    `Authorization: ${basic(account)}`,
  ]);
  if (response.status !== 101) throw new Error(`handshake answered ${response.status}`);
  return socket;
}

/** A client frame as RFC 6455 lays it out; `mask: false` is itself a violation (clients must mask). */
export function frame(opcode: number, payload: Buffer, { mask = true, fin = true } = {}): Buffer {
  const key = randomBytes(4);
  const body = mask ? Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!)) : payload;
  // Payload length: 7 bits, or 126 + 16 bits, or 127 + 64 bits.
  const size = payload.length < 126 ? [payload.length] : payload.length < 65536 ? [126, payload.length >> 8, payload.length & 255] : null;
  const long = Buffer.alloc(9);
  long[0] = 127;
  long.writeBigUInt64BE(BigInt(payload.length), 1);
  const lengthBytes = size ? Buffer.from(size) : long;
  lengthBytes[0]! |= mask ? 0x80 : 0;
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode]), lengthBytes, mask ? key : Buffer.alloc(0), body]);
}
