// Issue 10 #10: parameters Twilio refuses were accepted because the simulator parsed them loosely.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../simulator/index.js';
import { createApp } from '../../simulator/http/app.js';

const sim = createSimulator({ clock: 'virtual' });
const app = createApp(sim);
const { sid, authToken } = sim.accounts[0]!;
const create = (form: Record<string, string | string[]>) =>
  request(app).post(`/2010-04-01/Accounts/${sid}/Messages.json`).auth(sid, authToken).type('form').send(form);
const base = { From: '+61491570156', To: '+61491570101', Body: 'hi' };

describe('Messages.create parameters read strictly', () => {
  it.each(['0x10', ' 5 ', '1e3', '5.0', ''])('ValidityPeriod %j is 21624', async (value) => {
    const res = await create({ ...base, ValidityPeriod: value });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(21624);
  });

  it('ValidityPeriod 5 is fine', async () => {
    expect((await create({ ...base, ValidityPeriod: '5' })).status).toBe(201);
  });

  it('a MediaUrl with a space in it is 21620', async () => {
    const res = await create({ ...base, MediaUrl: 'http://a b' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(21620);
  });
});

describe('inbound SMS through the control API', () => {
  const inbound = (body: unknown) =>
    request(app).post('/__sim/messages/inbound').auth(sid, authToken).set('content-type', 'application/json').send(JSON.stringify(body));
  const msg = { from: '+61491570101', to: '+61491570156' };

  it('takes at most 10 media URLs, each an http(s) URL', async () => {
    const many = Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.jpg`);
    expect((await inbound({ ...msg, mediaUrls: many })).status).toBe(400);
    const res = await inbound({ ...msg, mediaUrls: ['not a url'] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(21620);
    expect((await inbound({ ...msg, mediaUrls: many.slice(0, 10) })).status).toBe(201);
  });

  it('refuses a body over 1,600 characters', async () => {
    const res = await inbound({ ...msg, body: 'x'.repeat(1601) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(21617);
  });

  it('refuses a sender rate that would stall the clock (segmentsPerSecond 1e-300)', async () => {
    const res = await request(app)
      .post('/__sim/senders')
      .auth(sid, authToken)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ number: '+61491570156', segmentsPerSecond: 1e-300 }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 20001, status: 400 });
  });
});
