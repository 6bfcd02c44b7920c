// https receivers: certificate checking as Twilio does it, and the opt-out for a local self-signed certificate.
// The fixture certificate is self-signed for localhost / 127.0.0.1 and used by nothing else.

import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../simulator/kernel/clock.js';
import { WebhookDispatcher, type WebhookRequest } from '../../simulator/webhooks/index.js';

const TOKEN = 'token-token-token-token-token-12';
const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('https receivers', () => {
  let server: https.Server;
  let base: string;
  const received: { url: string; signature: string; form: Record<string, string> }[] = [];

  beforeAll(async () => {
    server = https.createServer({ key: fixture('localhost-key.pem'), cert: fixture('localhost-cert.pem') }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          url: `https://${req.headers.host}${req.url}`,
          signature: String(req.headers['x-twilio-signature']),
          form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
        });
        res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<Response/>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = (url: string): WebhookRequest => ({
    accountSid: 'AC00000000000000000000000000000001',
    authToken: TOKEN,
    url,
    method: 'POST',
    params: { CallSid: 'CA00000000000000000000000000000001', CallStatus: 'in-progress' },
    kind: 'voice-url',
    resourceSid: 'CA00000000000000000000000000000001',
  });

  it('refuses a self-signed certificate by default with 11237, retried as a connection failure', async () => {
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock() });
    const result = await dispatcher.send(request(`${base}/voice`));
    expect(result).toMatchObject({ delivered: false, status: null, errorCode: 11237, attempts: 2 });
    expect(received).toHaveLength(0);
  });

  it('delivers when certificate checking is turned off, with a signature over the https URL', async () => {
    const dispatcher = new WebhookDispatcher({ clock: new VirtualClock(), rejectUnauthorized: false });
    const result = await dispatcher.send(request(`${base}/voice?step=1#sni=n`));
    expect(result).toMatchObject({ delivered: true, status: 200, body: '<Response/>', contentType: 'application/xml' });
    const got = received.at(-1)!;
    expect(got.url).toBe(`${base}/voice?step=1`);
    expect(twilio.validateRequest(TOKEN, got.signature, got.url, got.form)).toBe(true);
  });
});
