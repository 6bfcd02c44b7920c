// The router's answers to a call's requests for TwiML, its handling of Twilio's retried deliveries
// (I-Twilio-Idempotency-Token) and its event history, checked over HTTP with signed requests.
import { afterEach, describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import twilio from 'twilio';
import { createWebhookRouter, type WebhookEvent, type WebhookRouterOptions } from '../../src/index.js';

const AUTH_TOKEN = '9f3b8d2a6c1e4f7a0b5d8c3e6f9a2b4d';
const PUBLIC = 'https://hooks.example.test';
const CALL = 'CA0123456789abcdef0123456789abcdef';

const voiceRequest = (extra: Record<string, string> = {}) => ({
  CallSid: CALL,
  AccountSid: 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10',
  From: '+61255501234',
  To: '+61491570157',
  Caller: '+61255501234',
  Called: '+61491570157',
  CallStatus: 'in-progress',
  Direction: 'outbound-api',
  ApiVersion: '2010-04-01',
  ...extra,
});

const statusCallback = (status: string, seq: number) => ({
  ...voiceRequest({ CallStatus: status }),
  CallbackSource: 'call-progress-events',
  SequenceNumber: String(seq),
});

let seen: WebhookEvent[] = [];
afterEach(() => {
  seen = [];
});

function app(options: Partial<WebhookRouterOptions> = {}) {
  const router = createWebhookRouter({ authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC, onEvent: (e) => void seen.push(e), ...options });
  const server = express().use('/twilio', router);
  const post = (path: string, params: Record<string, string>, token?: string) => {
    const sig = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC}${path}`, params);
    const req = request(server).post(path).set('X-Twilio-Signature', sig);
    if (token) req.set('I-Twilio-Idempotency-Token', token);
    return req.type('form').send(params);
  };
  return { router, post, server };
}

describe('voice requests', () => {
  it('answers the request made on answer with the app’s VoiceResponse, as TwiML', async () => {
    const { post } = app({
      onVoiceRequest: (event) => {
        const response = new twilio.twiml.VoiceResponse();
        response.say(`Hello ${event.to}`);
        response.connect().stream({ url: 'wss://agent.example.test/s' });
        return response;
      },
    });
    const res = await post('/twilio/voice', voiceRequest());

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello +61491570157</Say><Connect><Stream url="wss://agent.example.test/s"/></Connect></Response>',
    );
    expect(seen).toEqual([
      {
        type: 'voice.request',
        callSid: CALL,
        accountSid: 'ACd4c2f0e8b6a49c7e5f3d1b9a7c5e3f10',
        from: '+61255501234',
        to: '+61491570157',
        callStatus: 'in-progress',
        direction: 'outbound-api',
        raw: voiceRequest(),
      },
    ]);
  });

  it('answers an incoming call (ringing) and a Gather action with a TwiML string, passing the digits', async () => {
    const { post } = app({
      onVoiceRequest: async (event) =>
        event.digits ? `<Response><Say>You pressed ${event.digits}</Say></Response>` : '<Response><Gather/></Response>',
    });
    const incoming = await post('/twilio/voice', voiceRequest({ CallStatus: 'ringing', Direction: 'inbound' }));
    const action = await post('/twilio/gather', voiceRequest({ Digits: '42', FinishedOnKey: '#' }));

    expect([incoming.text, action.text]).toEqual(['<Response><Gather/></Response>', '<Response><Say>You pressed 42</Say></Response>']);
    expect(seen.map((e) => e.type === 'voice.request' && [e.callStatus, e.direction, e.digits])).toEqual([
      ['ringing', 'inbound', undefined],
      ['in-progress', 'outbound-api', '42'],
    ]);
  });

  it('answers an empty <Response/> (a clean hang-up, not an application error) when the app gives no TwiML', async () => {
    const res = await app().post('/twilio/voice', voiceRequest());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('answers 500 when the app’s TwiML handler fails', async () => {
    const res = await app({
      onVoiceRequest: () => {
        throw new Error('agent down');
      },
    }).post('/twilio/voice', voiceRequest());
    expect(res.status).toBe(500);
  });

  it('tells status callbacks from TwiML requests: callbacks never reach onVoiceRequest and get an empty 200', async () => {
    const asked: string[] = [];
    const { post } = app({ onVoiceRequest: (e) => void asked.push(e.callStatus) });
    const ringing = await post('/twilio/status', statusCallback('ringing', 1));
    const answered = await post('/twilio/status', statusCallback('in-progress', 2));

    expect([ringing.text, answered.text]).toEqual(['', '']);
    expect(asked).toEqual([]);
    expect(seen.map((e) => e.type)).toEqual(['voice.ringing', 'voice.answered']);
  });
});

describe('retried deliveries (I-Twilio-Idempotency-Token)', () => {
  it('answers a retry 200 without emitting the event again', async () => {
    const { router, post } = app();
    const heard: string[] = [];
    router.events.on('*', (e) => heard.push(e.type));
    const first = await post('/twilio/status', statusCallback('completed', 3), 'tok-1');
    const retry = await post('/twilio/status', statusCallback('completed', 3), 'tok-1');

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(seen.map((e) => e.type)).toEqual(['voice.completed']);
    expect(heard).toEqual(['voice.completed']);
  });

  it('gives a retried voice request the same TwiML without asking the app twice', async () => {
    let asked = 0;
    const { post } = app({ onVoiceRequest: () => `<Response><Say>Call ${++asked}</Say></Response>` });
    const first = await post('/twilio/voice', voiceRequest(), 'tok-v');
    const retry = await post('/twilio/voice', voiceRequest(), 'tok-v');

    expect(retry.text).toBe(first.text);
    expect(retry.headers['content-type']).toMatch(/^text\/xml/);
    expect(asked).toBe(1);
  });

  it('handles a retry afresh when the first delivery failed', async () => {
    let fail = true;
    const { post } = app({
      onEvent: (e) => {
        if (fail) throw new Error('database down');
        seen.push(e);
      },
    });
    expect((await post('/twilio/status', statusCallback('completed', 3), 'tok-f')).status).toBe(500);
    fail = false;
    expect((await post('/twilio/status', statusCallback('completed', 3), 'tok-f')).status).toBe(200);
    expect(seen.map((e) => e.type)).toEqual(['voice.completed']);
  });

  it('treats different tokens as different deliveries, and a request without a token as new', async () => {
    const { post } = app();
    await post('/twilio/status', statusCallback('ringing', 1), 'tok-a');
    await post('/twilio/status', statusCallback('completed', 2), 'tok-b');
    await post('/twilio/status', statusCallback('completed', 2));
    await post('/twilio/status', statusCallback('completed', 2));
    expect(seen.map((e) => e.type)).toEqual(['voice.ringing', 'voice.completed', 'voice.completed', 'voice.completed']);
  });

  it('remembers a bounded number of tokens: the oldest is forgotten first', async () => {
    const { post } = app({ idempotencyTokenLimit: 2 });
    for (const token of ['t1', 't2', 't3']) await post('/twilio/status', statusCallback('ringing', 1), token);
    await post('/twilio/status', statusCallback('ringing', 1), 't3'); // remembered: dropped
    await post('/twilio/status', statusCallback('ringing', 1), 't1'); // forgotten: handled again
    expect(seen).toHaveLength(4);
  });

  it('checks the signature before the token: a forged request carrying a known token is refused', async () => {
    const { post, server } = app();
    await post('/twilio/status', statusCallback('completed', 3), 'tok-x');
    const forged = await request(server)
      .post('/twilio/status')
      .set('X-Twilio-Signature', 'bogus')
      .set('I-Twilio-Idempotency-Token', 'tok-x')
      .type('form')
      .send(statusCallback('completed', 3));
    expect(forged.status).toBe(403);
  });
});

describe('event history', () => {
  it('keeps none unless asked', async () => {
    const { router, post } = app();
    await post('/twilio/status', statusCallback('ringing', 1));
    expect(router.events.history).toEqual([]);
  });

  it('keeps the last historyLimit events when asked', async () => {
    const { router, post } = app({ historyLimit: 2 });
    for (const [i, s] of ['initiated', 'ringing', 'in-progress'].entries()) await post('/twilio/status', statusCallback(s, i));
    expect(router.events.history.map((e) => e.type)).toEqual(['voice.ringing', 'voice.answered']);
  });
});
