// A webhook receiver on 127.0.0.1 that records what arrives and checks each signature with the twilio SDK's own
// validateRequest, so "signed" means "accepted by Twilio's official verifier".
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface Received {
  path: string;
  url: string;
  method: string;
  headers: IncomingMessage['headers'];
  params: Record<string, string>;
  signatureValid: boolean;
}

export interface Reply {
  status?: number;
  contentType?: string;
  body?: string;
  /** Withhold the answer until a request on this path has arrived (shows one delivery does not wait for another). */
  holdUntil?: string;
}

export class WebhookReceiver {
  readonly received: Received[] = [];
  #replies = new Map<string, Reply>();
  #server: Server | undefined;
  #held: Array<{ path: string | undefined; answer: () => void }> = [];
  url = '';

  constructor(private readonly authToken: string) {}

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = `${this.url}${req.url}`;
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const signature = String(req.headers['x-twilio-signature'] ?? '');
        this.received.push({
          path: new URL(url).pathname,
          url,
          method: req.method ?? '',
          headers: req.headers,
          params,
          signatureValid: twilio.validateRequest(this.authToken, signature, url, params),
        });
        const reply = this.#replies.get(new URL(url).pathname) ?? {};
        const answer = () => {
          res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'text/plain' });
          res.end(reply.body ?? '');
        };
        this.#held.push({ path: reply.holdUntil, answer });
        this.#release();
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
    return this;
  }

  reply(path: string, reply: Reply): void {
    this.#replies.set(path, reply);
  }

  #release(): void {
    const due = this.#held.filter((h) => h.path === undefined || this.received.some((r) => r.path === h.path));
    this.#held = this.#held.filter((h) => !due.includes(h));
    for (const h of due) h.answer();
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
