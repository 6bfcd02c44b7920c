// A tiny HTTP server (127.0.0.1, random port, unless told otherwise) that records every request it gets and answers
// 200 with empty TwiML. Status callbacks and inbound-message webhooks from the simulator land here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CapturedWebhook } from './target.js';

/** A callback body is a form of a few dozen fields; anything far bigger is not one, and is refused. */
const MAX_BODY_BYTES = 1 << 20;

export interface WebhookReceiverOptions {
  /** Address to listen on; default 127.0.0.1 (wider only when a simulator elsewhere must reach it). */
  listenHost?: string;
  /** Host name the simulator calls back, e.g. host.docker.internal for one in a container; default the listen host. */
  publicHost?: string;
}

export class WebhookReceiver {
  readonly received: CapturedWebhook[] = [];
  #server: Server | undefined;
  #base = '';

  constructor(private readonly options: WebhookReceiverOptions = {}) {}

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('error', () => res.destroy());
      req.on('data', (c: Buffer) => {
        size += c.length;
        // Past the cap the rest is read and dropped: memory stays bounded and the sender still gets its answer.
        if (size <= MAX_BODY_BYTES) chunks.push(c);
      });
      req.on('end', () => {
        if (size > MAX_BODY_BYTES) return void res.writeHead(413).end();
        const raw = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', this.#base);
        const params: Record<string, string> = {};
        const source = req.method === 'GET' ? url.searchParams : new URLSearchParams(raw);
        for (const [k, v] of source) params[k] = v;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        this.received.push({
          method: req.method ?? 'GET',
          url: url.toString(),
          path: url.pathname,
          headers,
          params,
          receivedAt: Date.now(),
        });
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.#server!.once('error', reject);
      this.#server!.listen(0, this.options.listenHost ?? '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.#base = `http://${this.options.publicHost ?? this.options.listenHost ?? '127.0.0.1'}:${port}`;
    return this.#base;
  }

  get base(): string {
    return this.#base;
  }

  clear(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#server = undefined;
  }
}
