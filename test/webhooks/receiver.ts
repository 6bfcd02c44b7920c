// A real HTTP receiver on 127.0.0.1 for webhook tests: records every request and answers through a handler.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query as they arrived. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Form fields of a POST body, or the query of a GET. */
  form: Record<string, string>;
  /** Reconstructed URL, the way a receiver behind no proxy would rebuild it for signature validation. */
  url: string;
}

export type Handler = (request: ReceivedRequest, response: http.ServerResponse) => void;

export interface Receiver {
  port: number;
  base: string;
  requests: ReceivedRequest[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

const ok: Handler = (_request, response) => {
  response.writeHead(204).end();
};

export async function startReceiver(handler: Handler = ok): Promise<Receiver> {
  let current = handler;
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
      const form = Object.fromEntries(new URLSearchParams(req.method === 'GET' ? query : body));
      const received = { method: req.method ?? '', path, headers: req.headers, body, form, url: `http://${req.headers.host}${path}` };
      requests.push(received);
      current(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bind one, note it, release it. */
export async function refusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
