import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulator/kernel/clock.js';
import { timeoutFailure } from '../../simulator/webhooks/errors.js';
import { WebhookDispatcher, type WebhookRequest, type WebhookTransport } from '../../simulator/webhooks/index.js';
import { refusedPort, startReceiver, type Receiver } from './receiver.js';

const ACCOUNT = 'AC00000000000000000000000000000001';
let sidCounter = 0;

function callback(url: string, overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  const sid = `SM${(++sidCounter).toString(16).padStart(32, '0')}`;
  return {
    accountSid: ACCOUNT,
    authToken: 'token-token-token-token-token-12',
    url,
    method: 'POST',
    params: { MessageSid: sid, MessageStatus: 'sent', AccountSid: ACCOUNT },
    kind: 'sms-status',
    resourceSid: sid,
    ...overrides,
  };
}

describe('retries and failures', () => {
  let dispatcher: WebhookDispatcher;
  let down: string;
  let unavailable: Receiver;
  let notFound: Receiver;
  let silent: Receiver;
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    down = `http://127.0.0.1:${await refusedPort()}`;
    unavailable = await startReceiver((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('busy, try later');
    });
    notFound = await startReceiver((_req, res) => {
      res.writeHead(404).end();
    });
    // Accepts the connection and the request, never answers.
    silent = await startReceiver((_req, res) => {
      held.push(res);
    });
  });
  afterAll(async () => {
    await Promise.all([unavailable.close(), notFound.close(), silent.close()]);
  });

  beforeEach(() => {
    dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
  });

  it('retries a refused connection once by default and reports 11205', async () => {
    const request = callback(`${down}/status`);
    const result = await dispatcher.send(request);
    expect(result).toEqual({ delivered: false, status: null, body: '', contentType: null, errorCode: 11205, attempts: 2 });

    const entries = dispatcher.log({ resourceSid: request.resourceSid });
    expect(entries.map((e) => e.attempt)).toEqual([1, 2]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ status: null, errorCode: 11205, responseBody: '', warnings: [] });
      expect(entry.errorMessage).toContain('ECONNREFUSED');
    }
    expect(entries[0]!.idempotencyToken).toBe(entries[1]!.idempotencyToken);
  });

  it('makes a single attempt on a refused connection with #rc=0', async () => {
    const result = await dispatcher.send(callback(`${down}/status#rc=0`));
    expect(result).toMatchObject({ errorCode: 11205, attempts: 1 });
  });

  it('does not retry a 503 by default and reports 11200 with the status and body', async () => {
    const before = unavailable.requests.length;
    const result = await dispatcher.send(callback(`${unavailable.base}/status`));
    expect(result).toEqual({
      delivered: false,
      status: 503,
      body: 'busy, try later',
      contentType: 'text/plain',
      errorCode: 11200,
      attempts: 1,
    });
    expect(unavailable.requests.length - before).toBe(1);
    expect(dispatcher.log().at(-1)).toMatchObject({ status: 503, errorCode: 11200, responseBody: 'busy, try later' });
  });

  it('retries a 503 twice with #rp=5xx&rc=2, sending the same idempotency token each time', async () => {
    const before = unavailable.requests.length;
    const result = await dispatcher.send(callback(`${unavailable.base}/status#rp=5xx&rc=2`));
    expect(result).toMatchObject({ delivered: false, status: 503, errorCode: 11200, attempts: 3 });

    const seen = unavailable.requests.slice(before);
    expect(seen).toHaveLength(3);
    const tokens = new Set(seen.map((r) => r.headers['i-twilio-idempotency-token']));
    expect(tokens.size).toBe(1);

    // A different delivery carries a different token.
    await dispatcher.send(callback(`${unavailable.base}/status#rc=0`));
    expect(unavailable.requests.at(-1)!.headers['i-twilio-idempotency-token']).not.toBe([...tokens][0]);
  });

  it('does not retry a 404 when only 5xx is in the retry policy', async () => {
    const result = await dispatcher.send(callback(`${notFound.base}/status#rp=5xx&rc=3`));
    expect(result).toMatchObject({ status: 404, errorCode: 11200, attempts: 1 });
    const retried = await dispatcher.send(callback(`${notFound.base}/status#rp=4xx&rc=1`));
    expect(retried).toMatchObject({ status: 404, errorCode: 11200, attempts: 2 });
  });

  it('stops retrying as soon as an attempt succeeds', async () => {
    let calls = 0;
    const flaky = await startReceiver((_req, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(500).end();
      else res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<Response/>');
    });
    try {
      const result = await dispatcher.send(callback(`${flaky.base}/status#rp=all&rc=5`));
      expect(result).toEqual({
        delivered: true,
        status: 200,
        body: '<Response/>',
        contentType: 'text/xml',
        errorCode: null,
        attempts: 2,
      });
      expect(dispatcher.log().map((e) => [e.attempt, e.status, e.errorCode])).toEqual([
        [1, 500, 11200],
        [2, 200, null],
      ]);
    } finally {
      await flaky.close();
    }
  });

  it('gives up after the read timeout (#rt=200) with 11200 and, by default, no retry', async () => {
    const result = await dispatcher.send(callback(`${silent.base}/status#rt=200`));
    expect(result).toMatchObject({ delivered: false, status: null, errorCode: 11200, attempts: 1 });
    const entry = dispatcher.log().at(-1)!;
    expect(entry.errorMessage).toContain('read timeout of 200 ms');
    expect(entry.latencyMs).toBeGreaterThanOrEqual(150);
    expect(entry.latencyMs).toBeLessThan(5000);
  });

  it('retries a read timeout when #rp=rt', async () => {
    const twice = await dispatcher.send(callback(`${silent.base}/status#rt=150&rp=rt&rc=1`));
    expect(twice).toMatchObject({ errorCode: 11200, attempts: 2 });
  });

  it('stops retrying read timeouts once the total budget #tt is spent (injected transport, no real waits)', async () => {
    // Five retries of 500 ms cannot fit in 1400 ms. The transport (standing in for a silent receiver) times out
    // twice on the read timeout, then on what is left of the total budget; a total timeout (11203) is never retried.
    const seen: Array<{ readTimeoutMs: number; totalTimeoutMs: number; deadline: number }> = [];
    const transport: WebhookTransport = async (spec) => {
      seen.push({ readTimeoutMs: spec.readTimeoutMs, totalTimeoutMs: spec.totalTimeoutMs, deadline: spec.deadline });
      const total = seen.length === 3;
      return { status: null, body: '', contentType: null, latencyMs: 0, failure: timeoutFailure('read', total ? 1400 : 500, total) };
    };
    const budgeted = new WebhookDispatcher({ clock: new VirtualClock(), transport });
    const request = callback(`${silent.base}/status#rt=500&rp=rt&rc=5&tt=1400`);
    const capped = await budgeted.send(request);
    expect(capped).toMatchObject({ delivered: false, status: null, errorCode: 11200, attempts: 3 });
    // Every attempt is given the same overall deadline and the URL's limits.
    expect(new Set(seen.map((s) => s.deadline)).size).toBe(1);
    expect(seen.every((s) => s.readTimeoutMs === 500 && s.totalTimeoutMs === 1400)).toBe(true);
    const entries = budgeted.log({ resourceSid: request.resourceSid });
    expect(entries.map((e) => e.attempt)).toEqual([1, 2, 3]);
    for (const entry of entries.slice(0, 2)) {
      expect(entry.errorMessage).toContain('read timeout of 500 ms');
      expect(entry.errorMessage).not.toContain('11203');
    }
    expect(entries[2]!.errorMessage).toContain('total timeout of 1400 ms');
    expect(entries[2]!.errorMessage).toContain('11203');
  });

  it('logs warning 11243 on every attempt for an invalid override and falls back to the defaults', async () => {
    const request = callback(`${down}/status#rc=9`);
    const result = await dispatcher.send(request);
    expect(result.attempts).toBe(2); // default rc=1, not 9
    const entries = dispatcher.log({ resourceSid: request.resourceSid });
    expect(entries.map((e) => e.warnings)).toEqual([[11243], [11243]]);
  });

  it('logs 11100 without sending anything for a URL that is not http(s)', async () => {
    for (const url of ['ftp://127.0.0.1/status', 'not a url', '/relative/path', '']) {
      const request = callback(url);
      const result = await dispatcher.send(request);
      expect(result, url).toEqual({ delivered: false, status: null, body: '', contentType: null, errorCode: 11100, attempts: 1 });
      const [entry, ...more] = dispatcher.log({ resourceSid: request.resourceSid });
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ url, status: null, errorCode: 11100, attempt: 1, latencyMs: 0 });
    }
  });

  it('accepts the method in any case and refuses anything but GET and POST without sending', async () => {
    const before = notFound.requests.length;
    const lower = await dispatcher.send(callback(`${notFound.base}/status`, { method: 'post' as 'POST' }));
    expect(lower).toMatchObject({ status: 404, attempts: 1 });
    expect(notFound.requests.at(-1)!.method).toBe('POST');

    const put = callback(`${notFound.base}/status`, { method: 'PUT' as 'POST' });
    const result = await dispatcher.send(put);
    expect(result).toMatchObject({ delivered: false, status: null, errorCode: 11200, attempts: 1 });
    expect(dispatcher.log({ resourceSid: put.resourceSid })[0]!.errorMessage).toContain('PUT');
    expect(notFound.requests.length - before).toBe(1);
  });

  it('keeps the whole response body in the result and the first 2048 characters in the log', async () => {
    const big = await startReceiver((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(5000));
    });
    try {
      const result = await dispatcher.send(callback(`${big.base}/status`));
      expect(result.body).toHaveLength(5000);
      expect(dispatcher.log().at(-1)!.responseBody).toHaveLength(2048);
    } finally {
      await big.close();
    }
  });

  it('never rejects, whatever it is given', async () => {
    const bad = [
      undefined,
      null,
      { ...callback(`${down}/x`), method: 'PUT' },
      { ...callback(`${down}/x`), params: null },
      { ...callback(`${down}/x`), url: 42 },
    ] as unknown as WebhookRequest[];
    const results = await Promise.all(bad.map((request) => dispatcher.send(request)));
    for (const result of results) {
      expect(result.delivered).toBe(false);
      expect(typeof result.errorCode).toBe('number');
    }
  });
});
