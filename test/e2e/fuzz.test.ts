// Seeded garbage at every route: whatever arrives, the answer is Twilio-shaped (or a success), never a 500, a
// hang or a stack trace, and the simulator keeps serving well-formed requests afterwards.
import { Faker, en } from '@faker-js/faker';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../simulator/http/app.js';
import { createSimulator } from '../../simulator/index.js';

const PARAMS = [
  'To',
  'From',
  'Body',
  'MediaUrl',
  'StatusCallback',
  'ValidityPeriod',
  'MessagingServiceSid',
  'SendAt',
  'ScheduleType',
  'Status',
  'PageSize',
  'Page',
  'PageToken',
  'DateSent',
  'DateSent<',
  'DateSent>',
  'SmsUrl',
  'SmsMethod',
  'VoiceCallerIdLookup',
  'FriendlyName',
];

function garbage(faker: Faker): string {
  return faker.helpers.arrayElement([
    () => faker.string.sample({ min: 0, max: 40 }),
    () => faker.string.numeric({ length: { min: 1, max: 25 } }),
    () => `+${faker.string.numeric({ length: { min: 1, max: 20 } })}`,
    () => faker.internet.url(),
    () => faker.lorem.paragraphs(3),
    () => '😀'.repeat(faker.number.int({ min: 1, max: 900 })),
    () =>
      faker.helpers.arrayElement(['', ' ', '%', '%zz', '\u0000', '../..', 'NaN', '-1', '1e999', 'true', '[object Object]', '__proto__']),
  ])();
}

/** JSON values for the control API: strings, but also numbers of every awkward size and sign. */
function garbageValue(faker: Faker): unknown {
  return faker.helpers.arrayElement([
    () => garbage(faker),
    () => faker.helpers.arrayElement([0, -1, 1e300, -1e300, 8.7e15, Number.MAX_SAFE_INTEGER, 0.5, 429, 503, 99]),
    () => faker.number.int({ min: -1e6, max: 1e12 }),
    () => null,
    () => [garbage(faker)],
    () => ({ nested: garbage(faker) }),
    () => faker.datatype.boolean(),
  ])();
}

const CONTROL_KEYS = [
  'ms',
  'to',
  'from',
  'body',
  'outcome',
  'errorCode',
  'delayMs',
  'status',
  'code',
  'times',
  'retryAfter',
  'operationId',
  'number',
  'segmentsPerSecond',
  'mediaUrls',
];

describe('fuzzing the HTTP surface', () => {
  it('1500 random requests: no 5xx, every error in Twilio’s shape, no stack traces, still healthy after', async () => {
    const faker = new Faker({ locale: [en] });
    faker.seed(424242);
    const sim = createSimulator({ clock: 'virtual' });
    const app = createApp(sim);
    const { sid, authToken } = sim.accounts[0]!;
    const base = `/2010-04-01/Accounts/${sid}`;
    const someSid = () =>
      faker.helpers.arrayElement([
        'SM' + faker.string.hexadecimal({ length: 32, prefix: '', casing: 'lower' }),
        garbage(faker),
        'PN1c3e5a7b9d2f4a6c8e0b1d3f5a7c9e2b',
      ]);
    const paths = [
      () => `${base}/Messages.json`,
      () => `${base}/Messages/${encodeURIComponent(someSid())}.json`,
      () => `${base}/Messages/${encodeURIComponent(someSid())}/Media.json`,
      () => `${base}/Messages/${encodeURIComponent(someSid())}/Media/${encodeURIComponent(someSid())}.json`,
      () => `${base}/IncomingPhoneNumbers.json`,
      () => `${base}/IncomingPhoneNumbers/${encodeURIComponent(someSid())}.json`,
      () =>
        `/__sim/${faker.helpers.arrayElement(['clock/advance', 'clock/run-until-idle', 'reset', 'scenarios', 'faults', 'senders', 'messages/inbound', 'webhooks', 'nope'])}`,
      () => `/${garbage(faker).replace(/[?#]/g, '')}`,
    ];

    const controlBody = () =>
      Object.fromEntries(faker.helpers.arrayElements(CONTROL_KEYS, { min: 0, max: 5 }).map((key) => [key, garbageValue(faker)]));

    let injected5xx = 0;
    for (let i = 0; i < 1500; i++) {
      const method = faker.helpers.arrayElement(['GET', 'POST', 'POST', 'DELETE', 'PUT']);
      const path = faker.helpers.arrayElement(paths)();
      const form = new URLSearchParams();
      for (let n = faker.number.int({ min: 0, max: 6 }); n > 0; n--) form.append(faker.helpers.arrayElement(PARAMS), garbage(faker));
      // Query strings stay under Node's 16 KB header limit; past it the server's own guard answers (raw-http tests).
      const query = faker.datatype.boolean() ? `?${form.toString().slice(0, 4000)}` : '';
      let req = request(app)[method.toLowerCase() as 'get'](`${path}${query}`).auth(sid, authToken);
      if (method !== 'GET') {
        req = path.startsWith('/__sim')
          ? req.set('content-type', 'application/json').send(faker.datatype.boolean() ? JSON.stringify(controlBody()) : garbage(faker))
          : req
              .set('content-type', faker.helpers.arrayElement(['application/x-www-form-urlencoded', 'text/plain', 'application/json']))
              .send(form.toString());
      }
      const res = await req;
      const context = `${method} ${path}${query} → ${res.status} ${res.text.slice(0, 200)}`;
      // The fuzz may itself inject failures through /__sim/faults; a 5xx is only fine when one it injected says so.
      if (method === 'POST' && path === '/__sim/faults' && res.status === 201 && res.body.status >= 500) injected5xx += res.body.times;
      if (res.status >= 500) {
        expect(injected5xx, context).toBeGreaterThan(0);
        injected5xx--;
      }
      expect(res.text, context).not.toMatch(/\n\s+at .+:\d+:\d+/);
      if (res.status >= 400) {
        expect(res.body, context).toEqual({
          code: expect.any(Number),
          message: expect.any(String),
          more_info: expect.stringMatching(/^https:\/\/www\.twilio\.com\/docs\/errors\/\d+$/),
          status: res.status,
        });
      }
      await sim.clock.settled();
    }

    // Whatever the control API was fed, the clock still reads as a real date and time can still move.
    const clock = await request(app).get('/__sim/clock').auth(sid, authToken);
    expect(clock.status).toBe(200);
    expect(Number.isNaN(Date.parse(clock.body.now))).toBe(false);
    // The fuzz may have released or re-pointed the fixture numbers (all legitimate calls): start from the fixtures.
    expect((await request(app).post('/__sim/reset').auth(sid, authToken)).status).toBe(200);
    const ok = await request(app)
      .post(`${base}/Messages.json`)
      .auth(sid, authToken)
      .type('form')
      .send('To=%2B61491570101&From=%2B61491570156&Body=still%20fine');
    expect(ok.status).toBe(201);
  });
});
