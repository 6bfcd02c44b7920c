import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulator/kernel/clock.js';
import { signatureFor, WebhookDispatcher, type WebhookRequest } from '../../simulator/webhooks/index.js';
import { startReceiver, type Receiver } from './receiver.js';

const TOKEN = '12345678901234567890123456789012';
const ACCOUNT = 'AC00000000000000000000000000000001';

const statusParams = {
  MessageSid: 'SM00000000000000000000000000000001',
  SmsSid: 'SM00000000000000000000000000000001',
  AccountSid: ACCOUNT,
  From: '+61400000001',
  To: '+61400000002',
  MessageStatus: 'delivered',
  SmsStatus: 'delivered',
  ApiVersion: '2010-04-01',
  Body: 'Hi & welcome: 100% "fun" + more',
};

function request(url: string, overrides: Partial<WebhookRequest> = {}): WebhookRequest {
  return {
    accountSid: ACCOUNT,
    authToken: TOKEN,
    url,
    method: 'POST',
    params: statusParams,
    kind: 'sms-status',
    resourceSid: statusParams.MessageSid,
    ...overrides,
  };
}

describe('signatureFor', () => {
  it('matches the official SDK for the same URL and params', () => {
    const url = 'https://example.com/hook?a=1&b=two';
    expect(signatureFor(TOKEN, url, statusParams)).toBe(twilio.getExpectedTwilioSignature(TOKEN, url, statusParams));
    expect(twilio.validateRequest(TOKEN, signatureFor(TOKEN, url, statusParams), url, statusParams)).toBe(true);
  });

  it('changes when any param, the URL or the token changes', () => {
    const url = 'https://example.com/hook';
    const base = signatureFor(TOKEN, url, statusParams);
    expect(signatureFor(TOKEN, url, { ...statusParams, MessageStatus: 'failed' })).not.toBe(base);
    expect(signatureFor(TOKEN, `${url}?x=1`, statusParams)).not.toBe(base);
    expect(signatureFor(`${TOKEN.slice(1)}0`, url, statusParams)).not.toBe(base);
  });
});

describe('signed deliveries accepted by twilio-node', () => {
  let receiver: Receiver;
  const clock = new VirtualClock();
  const dispatcher = new WebhookDispatcher({ clock });

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('POST with a query string: validateRequest accepts the signature over the URL incl. query', async () => {
    const url = `${receiver.base}/status?tenant=acme&note=a%20b`;
    const result = await dispatcher.send(request(url));
    expect(result).toMatchObject({ delivered: true, status: 204, errorCode: null, attempts: 1 });

    const got = receiver.requests.at(-1)!;
    expect(got.method).toBe('POST');
    expect(got.path).toBe('/status?tenant=acme&note=a%20b');
    expect(got.form).toEqual(statusParams);
    expect(got.url).toBe(url);
    const signature = String(got.headers['x-twilio-signature']);
    expect(twilio.validateRequest(TOKEN, signature, got.url, got.form)).toBe(true);
    expect(twilio.validateRequest('wrong-token-wrong-token-wrong-tok', signature, got.url, got.form)).toBe(false);
  });

  it('sends the headers Twilio sends', async () => {
    await dispatcher.send(request(`${receiver.base}/headers`));
    const { headers } = receiver.requests.at(-1)!;
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(headers['user-agent']).toBe('TwilioProxy/1.1');
    expect(headers.accept).toBe('*/*');
    expect(headers['i-twilio-idempotency-token']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('GET: params travel in the query string and the signature covers that full URL', async () => {
    const url = `${receiver.base}/voice?existing=1`;
    const result = await dispatcher.send(request(url, { method: 'GET', kind: 'voice-url' }));
    expect(result.delivered).toBe(true);

    const got = receiver.requests.at(-1)!;
    expect(got.method).toBe('GET');
    expect(got.body).toBe('');
    expect(got.headers['content-type']).toBeUndefined();
    expect(got.form).toEqual({ existing: '1', ...statusParams });
    expect(twilio.validateRequest(TOKEN, String(got.headers['x-twilio-signature']), got.url, {})).toBe(true);

    const entry = dispatcher.log().at(-1)!;
    expect(entry.requestUrl).toBe(got.url);
    expect(entry.url).toBe(url);
  });

  it('leaves the connection-override fragment out of the request and out of the signed URL', async () => {
    const configured = `${receiver.base}/frag?x=1#ct=1000&rc=2`;
    const result = await dispatcher.send(request(configured));
    expect(result.delivered).toBe(true);

    const got = receiver.requests.at(-1)!;
    expect(got.path).toBe('/frag?x=1');
    const signature = String(got.headers['x-twilio-signature']);
    expect(twilio.validateRequest(TOKEN, signature, `${receiver.base}/frag?x=1`, got.form)).toBe(true);
    expect(twilio.validateRequest(TOKEN, signature, configured, got.form)).toBe(false);

    const entry = dispatcher.log().at(-1)!;
    expect(entry).toMatchObject({ url: configured, requestUrl: `${receiver.base}/frag?x=1`, signature, warnings: [] });
  });
});

describe('an express app guarded by twilio.webhook()', () => {
  let server: Server;
  let base: string;
  const seen: Record<string, string>[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.post('/sms', twilio.webhook(TOKEN), (req, res) => {
      seen.push(req.body as Record<string, string>);
      res.type('text/xml').send('<Response><Message>Got it</Message></Response>');
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes validation and returns the TwiML body and content type', async () => {
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
    const result = await dispatcher.send(request(`${base}/sms?src=sim#rc=0`, { kind: 'sms-inbound' }));
    expect(result).toMatchObject({ delivered: true, status: 200, errorCode: null });
    expect(result.body).toBe('<Response><Message>Got it</Message></Response>');
    expect(result.contentType).toMatch(/^text\/xml/);
    expect(seen).toEqual([statusParams]);
  });

  it('is rejected with 403 when signed with another token, logged as 11200', async () => {
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
    const result = await dispatcher.send(request(`${base}/sms`, { authToken: 'another-token-another-token-1234' }));
    expect(result).toMatchObject({ delivered: false, status: 403, errorCode: 11200, attempts: 1 });
  });
});
