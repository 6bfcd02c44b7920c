import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import twilio from 'twilio';
import type { Server } from 'node:http';
import { createWebhookRouter, isCallEnded, type WebhookEvent, type WebhookRouter } from '../../src/index.js';

const AUTH_TOKEN = '9f3b8d2a6c1e4f7a0b5d8c3e6f9a2b4d';
const ACCOUNT_SID = 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10';
const PUBLIC = 'https://hooks.example.test';
const MSG = 'SM0123456789abcdef0123456789abcdef';
const CALL = 'CA0123456789abcdef0123456789abcdef';

let server: Server;
let router: WebhookRouter;
let seen: WebhookEvent[];
let failNext = false;

beforeAll(async () => {
  router = createWebhookRouter({
    authToken: AUTH_TOKEN,
    historyLimit: 100,
    publicBaseUrl: PUBLIC,
    onEvent: (event) => {
      if (failNext) throw new Error('database down');
      seen.push(event);
    },
  });
  const app = express();
  app.use('/twilio', router);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  failNext = false;
  router.events.clear();
});

function post(path: string, params: Record<string, string>, signature?: string) {
  const sig = signature ?? twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${path}`, params);
  return request(server).post(path).set('X-Twilio-Signature', sig).type('form').send(params);
}

const smsStatus = (status: string, extra: Record<string, string> = {}) => ({
  MessageSid: MSG,
  SmsSid: MSG,
  AccountSid: ACCOUNT_SID,
  From: '+61491570156',
  To: '+61491570157',
  MessageStatus: status,
  SmsStatus: status,
  ApiVersion: '2010-04-01',
  ...extra,
});

describe('signature checks', () => {
  it('accepts a correctly signed status callback and emits a typed event', async () => {
    const next = router.events.next('sms.delivered');
    const res = await post('/twilio/sms-status', smsStatus('delivered'));
    expect(res.status).toBe(200);
    const expected = {
      type: 'sms.delivered',
      messageSid: MSG,
      accountSid: ACCOUNT_SID,
      from: '+61491570156',
      to: '+61491570157',
      status: 'delivered',
      raw: smsStatus('delivered'),
    };
    expect(seen).toEqual([expected]);
    expect(await next).toEqual(expected);
  });

  it('rejects a forged signature with 403 and no event', async () => {
    const params = smsStatus('delivered');
    const forged = twilio.getExpectedTwilioSignature('wrong-token', `${PUBLIC}/twilio/sms-status`, params);
    const res = await post('/twilio/sms-status', params, forged);
    expect(res.status).toBe(403);
    expect(seen).toEqual([]);
    expect(router.events.history).toEqual([]);
  });

  it('rejects a tampered body (signature for other params)', async () => {
    const sig = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}/twilio/sms-status`, smsStatus('failed'));
    const res = await post('/twilio/sms-status', smsStatus('delivered'), sig);
    expect(res.status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('rejects a missing signature with 403', async () => {
    const res = await request(server).post('/twilio/sms-status').type('form').send(smsStatus('sent'));
    expect(res.status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('signs over the query string as well', async () => {
    const res = await post('/twilio/sms-status?tenant=42', smsStatus('sent'));
    expect(res.status).toBe(200);
    expect(seen[0]?.type).toBe('sms.sent');
  });

  it('rebuilds the URL from protocol and Host when no publicBaseUrl is given', async () => {
    const bare = createWebhookRouter({ authToken: AUTH_TOKEN, historyLimit: 10 });
    const app = express().use('/hooks', bare);
    const params = smsStatus('sent');
    const sig = twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'http://app.example.test/hooks/status', params);
    const s = await new Promise<Server>((resolve) => {
      const x = app.listen(0, '127.0.0.1', () => resolve(x));
    });
    try {
      const ok = await request(s)
        .post('/hooks/status')
        .set('Host', 'app.example.test')
        .set('X-Twilio-Signature', sig)
        .type('form')
        .send(params);
      expect(ok.status).toBe(200);
      const wrongHost = await request(s)
        .post('/hooks/status')
        .set('Host', 'other.example.test')
        .set('X-Twilio-Signature', sig)
        .type('form')
        .send(params);
      expect(wrongHost.status).toBe(403);
      expect(bare.events.history.map((e) => e.type)).toEqual(['sms.sent']);
    } finally {
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });
});

describe('SMS events', () => {
  it('maps failed and undelivered both to sms.failed with a numeric errorCode', async () => {
    await post('/twilio/sms-status', smsStatus('failed', { ErrorCode: '30007' }));
    await post('/twilio/sms-status', smsStatus('undelivered', { ErrorCode: '30003' }));
    expect(seen.map((e) => e.type === 'sms.failed' && [e.status, e.errorCode])).toEqual([
      ['failed', 30007],
      ['undelivered', 30003],
    ]);
  });

  it('keeps statuses it has no name for as sms.status', async () => {
    await post('/twilio/sms-status', smsStatus('canceled'));
    expect(seen[0]).toMatchObject({ type: 'sms.status', status: 'canceled' });
  });

  it('maps inbound SMS to sms.received and answers with empty TwiML', async () => {
    const inbound = {
      MessageSid: MSG,
      SmsSid: MSG,
      SmsMessageSid: MSG,
      AccountSid: ACCOUNT_SID,
      From: '+61491570157',
      To: '+61491570156',
      Body: 'STOP',
      NumMedia: '1',
      NumSegments: '1',
      MediaUrl0: 'https://api.twilio.com/media/1',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
      FromCountry: 'AU',
    };
    const res = await post('/twilio/sms-in', inbound);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toContain('<Response/>');
    expect(seen[0]).toEqual({
      type: 'sms.received',
      messageSid: MSG,
      accountSid: ACCOUNT_SID,
      from: '+61491570157',
      to: '+61491570156',
      status: 'received',
      body: 'STOP',
      numSegments: 1,
      numMedia: 1,
      mediaUrls: ['https://api.twilio.com/media/1'],
      raw: inbound,
    });
  });

  it('answers 500 (and still records the event) when the app handler fails', async () => {
    failNext = true;
    const res = await post('/twilio/sms-status', smsStatus('delivered'));
    expect(res.status).toBe(500);
    expect(router.events.history.map((e) => e.type)).toEqual(['sms.delivered']);
  });
});

describe('voice events', () => {
  const call = (status: string, seq: number, extra: Record<string, string> = {}) => ({
    CallSid: CALL,
    AccountSid: ACCOUNT_SID,
    From: '+61255501234',
    To: '+61491570157',
    CallStatus: status,
    Direction: 'outbound-api',
    ApiVersion: '2010-04-01',
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(seq),
    Timestamp: 'Thu, 01 Jan 2026 00:00:0' + seq + ' +0000',
    ...extra,
  });

  it('maps the progress callbacks of an answered call', async () => {
    for (const params of [
      call('initiated', 0),
      call('ringing', 1),
      call('in-progress', 2),
      call('completed', 3, { CallDuration: '42', Duration: '1', SipResponseCode: '200' }),
    ]) {
      expect((await post('/twilio/call-status', params)).status).toBe(200);
    }
    expect(seen.map((e) => e.type === 'unknown' || [e.type, 'callStatus' in e && e.callStatus])).toEqual([
      ['voice.initiated', 'initiated'],
      ['voice.ringing', 'ringing'],
      ['voice.answered', 'in-progress'],
      ['voice.completed', 'completed'],
    ]);
    expect(seen[3]).toMatchObject({
      callSid: CALL,
      accountSid: ACCOUNT_SID,
      from: '+61255501234',
      to: '+61491570157',
      direction: 'outbound-api',
      sequenceNumber: 3,
      callDuration: 42,
      duration: 1,
      sipResponseCode: 200,
    });
  });

  it.each(['busy', 'no-answer', 'failed', 'canceled'])('gives terminal %s its own type, and isCallEnded matches it', async (status) => {
    const ended = router.events.next(isCallEnded);
    await post('/twilio/call-status', call(status, 2, { CallDuration: '0', SipResponseCode: '487' }));
    expect(seen[0]).toMatchObject({ type: `voice.${status}`, callStatus: status, callDuration: 0, sipResponseCode: 487 });
    expect(await ended).toBe(seen[0]);
  });

  it('isCallEnded matches completed too, and nothing that is still going', async () => {
    for (const [i, status] of ['initiated', 'ringing', 'in-progress', 'completed'].entries()) {
      await post('/twilio/call-status', call(status, i, status === 'completed' ? { CallDuration: '61', Duration: '2' } : {}));
    }
    expect(seen.filter(isCallEnded).map((e) => [e.type, e.callDuration, e.duration])).toEqual([['voice.completed', 61, 2]]);
  });

  it('carries answeredBy from machine detection', async () => {
    await post('/twilio/call-status', call('in-progress', 1, { AnsweredBy: 'machine_end_beep' }));
    expect(seen[0]).toMatchObject({ type: 'voice.answered', answeredBy: 'machine_end_beep' });
  });

  it('treats an initiated callback reporting queued as voice.initiated', async () => {
    await post('/twilio/call-status', call('queued', 0));
    expect(seen[0]?.type).toBe('voice.initiated');
  });
});

describe('events stream', () => {
  it('lets a waiter find an event that already arrived, and filters with a predicate', async () => {
    await post('/twilio/sms-status', smsStatus('sent'));
    await post('/twilio/sms-status', smsStatus('delivered', { MessageSid: 'SMother' }));
    const sent = await router.events.waitFor('sms.sent', 1000);
    expect(sent.messageSid).toBe(MSG);
    const other = await router.events.waitFor((e) => e.type === 'sms.delivered' && e.messageSid === 'SMother');
    expect(other.type).toBe('sms.delivered');
  });

  it('notifies subscribers by type until they unsubscribe', async () => {
    const got: string[] = [];
    const off = router.events.on('sms.failed', (e) => got.push(`${e.status}:${e.errorCode ?? ''}`));
    await post('/twilio/sms-status', smsStatus('undelivered', { ErrorCode: '30005' }));
    off();
    await post('/twilio/sms-status', smsStatus('failed', { ErrorCode: '30001' }));
    expect(got).toEqual(['undelivered:30005']);
  });
});

describe('GET callbacks', () => {
  it('verifies a GET callback over the URL alone and reads fields from the query', async () => {
    const query = new URLSearchParams(smsStatus('delivered')).toString();
    const path = `/twilio/sms-status?${query}`;
    const sig = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${path}`, {});
    const ok = await request(server).get(path).set('X-Twilio-Signature', sig);
    expect(ok.status).toBe(200);
    expect(seen[0]).toMatchObject({ type: 'sms.delivered', messageSid: MSG });

    const forged = await request(server).get(path.replace('delivered', 'failed')).set('X-Twilio-Signature', sig);
    expect(forged.status).toBe(403);
    expect(seen).toHaveLength(1);
  });
});
