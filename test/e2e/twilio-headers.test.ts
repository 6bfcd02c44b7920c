// Issue 12 §2: every REST answer carries the headers real Twilio sends (from the newest real recordings:
// messages-create-201-16, messages-create-400-21211-5, calls-fetch-200-1 for ETag/Last-Modified, and
// messages-create-401-20003-1 for the 401's detail).
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../simulator/http/app.js';
import { createSimulator } from '../../simulator/index.js';

const sim = createSimulator({ clock: 'virtual' });
const app = createApp(sim);
const { sid, authToken } = sim.accounts[0]!;
const messages = `/2010-04-01/Accounts/${sid}/Messages.json`;

describe("Twilio's answer headers", () => {
  it('sends a unique RQ request id, its duration, concurrency, region, CORS and bare application/json', async () => {
    const first = await request(app).get(messages).auth(sid, authToken);
    const second = await request(app).get(messages).auth(sid, authToken);
    expect(first.headers['twilio-request-id']).toMatch(/^RQ[0-9a-f]{32}$/);
    expect(second.headers['twilio-request-id']).not.toBe(first.headers['twilio-request-id']);
    expect(first.headers).toMatchObject({
      'content-type': 'application/json',
      'twilio-request-duration': expect.stringMatching(/^\d+\.\d{3}$/),
      'twilio-concurrent-requests': '1',
      'x-home-region': 'us1',
      'x-api-domain': 'api.twilio.com',
      'x-powered-by': 'AT-5000',
      'x-shenanigans': 'none',
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'ETag',
    });
  });

  it('counts the requests of an account that are in flight together', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => request(app).get(messages).auth(sid, authToken)));
    const counts = answers.map((a) => Number(a.headers['twilio-concurrent-requests']));
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(1);
    expect(counts.every((n) => n >= 1 && n <= 5)).toBe(true);
  });

  it('a fetched resource carries ETag and Last-Modified (its date_updated); a list does not', async () => {
    const created = await request(app)
      .post(messages)
      .auth(sid, authToken)
      .type('form')
      .send({ From: '+61491570156', To: '+61491570101', Body: 'hi' });
    const fetched = await request(app).get(`/2010-04-01/Accounts/${sid}/Messages/${created.body.sid}.json`).auth(sid, authToken);
    expect(fetched.headers.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(fetched.headers['last-modified']).toBe(fetched.body.date_updated);
    const list = await request(app).get(messages).auth(sid, authToken);
    expect(list.headers.etag).toBeUndefined();
  });

  it('a 401 carries detail and the Basic challenge', async () => {
    const res = await request(app).get(messages).auth(sid, 'wrong');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="Twilio API"');
    expect(res.body).toMatchObject({ code: 20003, detail: 'Your AccountSid or AuthToken was incorrect.' });
  });
});
