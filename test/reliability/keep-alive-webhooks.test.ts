// Webhooks reuse connections to a receiver, and a kept connection the receiver closes must never cost a callback
// nor deliver one twice. The receivers here close kept sockets the two ways real servers do: at once after an
// answer, and by dropping a request that arrives on a socket they had already decided to close.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulator/kernel/clock.js';
import { WebhookDispatcher, type WebhookRequest } from '../../simulator/webhooks/index.js';

const ACCOUNT = 'AC00000000000000000000000000000001';

interface Receiver {
  url: string;
  /** Idempotency tokens of the requests the receiver's application handled. */
  handled: string[];
  connections: number;
  close(): Promise<void>;
}

/**
 * `dropEvery`: the n-th request on a socket is dropped unanswered (the socket destroyed), as a server does when
 * its idle timer fired as the request arrived. `closeAfterAnswer`: the socket is ended right after each answer.
 */
async function receiver(mode: { dropSecondOnSocket?: boolean; closeAfterAnswer?: boolean }): Promise<Receiver> {
  const handled: string[] = [];
  const served = new WeakMap<Socket, number>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    const onSocket = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, onSocket);
    if (mode.dropSecondOnSocket && onSocket === 2) {
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => {
      handled.push(String(req.headers['i-twilio-idempotency-token']));
      res.writeHead(204).end();
      if (mode.closeAfterAnswer) res.on('finish', () => req.socket.end());
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`,
    handled,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let sid = 0;
function callback(url: string): WebhookRequest {
  const resourceSid = `SM${(++sid).toString(16).padStart(32, '0')}`;
  return {
    accountSid: ACCOUNT,
    authToken: 'token-token-token-token-token-12',
    url,
    method: 'POST',
    params: { MessageSid: resourceSid, MessageStatus: 'sent' },
    kind: 'sms-status',
    resourceSid,
  };
}

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

async function setUp(mode: Parameters<typeof receiver>[0]) {
  const target = await receiver(mode);
  const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
  cleanup.push(
    () => dispatcher.close(),
    () => target.close(),
  );
  return { target, dispatcher };
}

describe('webhook connections are kept alive', () => {
  it('sends one after another over a single connection to the same receiver', async () => {
    const { target, dispatcher } = await setUp({});
    for (let i = 0; i < 20; i++) expect((await dispatcher.send(callback(target.url))).delivered).toBe(true);
    expect(target.handled).toHaveLength(20);
    expect(target.connections).toBe(1);
  });

  it('resends on a fresh connection a request the receiver dropped on a kept socket, once, as one attempt', async () => {
    const { target, dispatcher } = await setUp({ dropSecondOnSocket: true });
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await dispatcher.send(callback(target.url)));
    expect(results.every((r) => r.delivered && r.attempts === 1)).toBe(true);
    // Every callback handled exactly once, in order.
    const tokens = dispatcher.log().map((e) => e.idempotencyToken);
    expect(target.handled).toEqual(tokens);
    expect(new Set(target.handled).size).toBe(10);
    expect(dispatcher.log().every((e) => e.status === 204 && e.errorCode === null)).toBe(true);
  });

  it('loses and doubles nothing when the receiver closes every socket after answering, under concurrency', async () => {
    const { target, dispatcher } = await setUp({ closeAfterAnswer: true });
    const results = await Promise.all(Array.from({ length: 60 }, () => dispatcher.send(callback(target.url))));
    expect(results.filter((r) => r.delivered)).toHaveLength(60);
    expect(new Set(target.handled).size).toBe(60);
    expect(target.handled).toHaveLength(60);
  });

  it('still reports a receiver that fails on a fresh connection (no silent resend)', async () => {
    const { target, dispatcher } = await setUp({});
    await target.close();
    const result = await dispatcher.send({ ...callback(target.url), url: `${target.url}#rc=0` });
    expect(result).toMatchObject({ delivered: false, errorCode: 11205, attempts: 1 });
  });
});
