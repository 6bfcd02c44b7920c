// What a hand-rolled HTTP client (curl, python requests, a typo) sees: every bad input is a Twilio-shaped error
// with the right status and code, never a crash, a 500 or a stack trace.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../simulator/index.js';
import { createApp } from '../../simulator/http/app.js';

let sim: Simulator;
let app: ReturnType<typeof createApp>;
let sid: string;
let auth: [string, string];
const messagesPath = () => `/2010-04-01/Accounts/${sid}/Messages.json`;

beforeAll(() => {
  sim = createSimulator({ clock: 'virtual', pacing: { queueLimitMs: 3_000 } });
  app = createApp(sim);
  sid = sim.accounts[0]!.sid;
  auth = [sid, sim.accounts[0]!.authToken];
});
afterAll(() => sim.reset());

function expectTwilioError(res: request.Response, status: number, code: number): void {
  expect(res.status).toBe(status);
  // A 401 also carries `detail`, as real Twilio's does (messages-create-401-20003-1 in the real recordings).
  const detail = status === 401 ? { detail: 'Your AccountSid or AuthToken was incorrect.' } : {};
  expect(res.body).toEqual({
    code,
    message: expect.any(String),
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
    ...detail,
  });
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
}

const form = (body: string) =>
  request(app)
    .post(messagesPath())
    .auth(...auth)
    .type('form')
    .send(body);

describe('bad input over raw HTTP', () => {
  it('missing To → 400 21604', async () => {
    expectTwilioError(await form('From=%2B61491570156&Body=hi'), 400, 21604);
  });

  it("broken %-encoding → 400, not a 500 (20001 is the simulator's choice: Twilio uses it for unknown parameters)", async () => {
    expectTwilioError(await form('To=%2B61491570101&From=%2B61491570156&Body=%E0%A4%A'), 400, 20001);
  });

  it("invalid UTF-8 in the body → 400 (20001, the simulator's choice, not Twilio's catalogue meaning)", async () => {
    const res = await request(app)
      .post(messagesPath())
      .auth(...auth)
      .set('content-type', 'application/x-www-form-urlencoded')
      .serialize((raw: unknown) => raw as string)
      .send(Buffer.from([0x54, 0x6f, 0x3d, 0xff, 0xfe]));
    expectTwilioError(res, 400, 20001);
  });

  it("a JSON body → 400 (19056 is the simulator's own code: Twilio's catalogue has none for it)", async () => {
    const res = await request(app)
      .post(messagesPath())
      .auth(...auth)
      .send({ To: '+61491570101', From: '+61491570156', Body: 'hi' });
    expectTwilioError(res, 400, 19056);
  });

  it('multipart/form-data is accepted, as Twilio documents', async () => {
    const res = await request(app)
      .post(messagesPath())
      .auth(...auth)
      .field('To', '+61491570101')
      .field('From', '+61491570156')
      .field('Body', 'hi');
    expect(res.status).toBe(201);
    expect(res.body.body).toBe('hi');
  });

  it('unknown parameters are ignored, as Twilio ignores them', async () => {
    const res = await form('To=%2B61491570101&From=%2B61491570156&Body=hi&Colour=blue&do_not_call=true');
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('Colour');
    expect(res.body).not.toHaveProperty('do_not_call');
  });

  it('repeated MediaUrl keys become a list → MM sid and num_media', async () => {
    const res = await form(
      'To=%2B61491570101&From=%2B61491570156&MediaUrl=https%3A%2F%2Fa.example%2F1.jpg&MediaUrl=https%3A%2F%2Fa.example%2F2.jpg',
    );
    expect(res.status).toBe(201);
    expect(res.body.sid).toMatch(/^MM/);
    expect(res.body.num_media).toBe('2');
  });

  it('no credentials, or malformed ones → 401 20003 with a Basic challenge', async () => {
    const none = await request(app).get(messagesPath());
    expectTwilioError(none, 401, 20003);
    expect(none.headers['www-authenticate']).toMatch(/^Basic/);
    expectTwilioError(await request(app).get(messagesPath()).set('authorization', 'Basic !!!'), 401, 20003);
    expectTwilioError(await request(app).get(messagesPath()).set('authorization', 'Bearer abc'), 401, 20003);
  });

  it('unknown routes → 404 20404; a wrong method → 405', async () => {
    expectTwilioError(
      await request(app)
        .get(`/2010-04-01/Accounts/${sid}/Faxes.json`)
        .auth(...auth),
      404,
      20404,
    );
    expectTwilioError(
      await request(app)
        .get('/nowhere')
        .auth(...auth),
      404,
      20404,
    );
    expectTwilioError(
      await request(app)
        .put(messagesPath())
        .auth(...auth),
      405,
      20004,
    );
  });

  it('bad paging parameters → 400, huge PageSize is capped at 1000', async () => {
    expectTwilioError(
      await request(app)
        .get(`${messagesPath()}?PageSize=abc`)
        .auth(...auth),
      400,
      20001,
    );
    const capped = await request(app)
      .get(`${messagesPath()}?PageSize=5000`)
      .auth(...auth);
    expect(capped.body.page_size).toBe(1000);
  });

  it('next_page_uri is a relative path carrying filters and a PageToken', async () => {
    for (let i = 0; i < 3; i++) await form(`To=%2B61491570102&From=%2B61491570157&Body=p${i}`);
    const res = await request(app)
      .get(`${messagesPath()}?To=%2B61491570102&PageSize=2`)
      .auth(...auth);
    expect(res.body.messages).toHaveLength(2);
    expect(res.body.next_page_uri).toMatch(
      new RegExp(`^/2010-04-01/Accounts/${sid}/Messages.json\\?To=%2B61491570102&PageSize=2&Page=1&PageToken=PASM[0-9a-f]{32}$`),
    );
    const next = await request(app)
      .get(res.body.next_page_uri)
      .auth(...auth);
    expect(next.body.messages).toHaveLength(1);
    expect(next.body.next_page_uri).toBeNull();
    expect(next.body.previous_page_uri).toMatch(/PageToken=PB/);
  });

  it('a body over the size limit → 413 in Twilio’s shape', async () => {
    expectTwilioError(await form(`Body=${'x'.repeat(3_000_000)}`), 413, 20001);
  });

  it('21611 once a sender’s queue holds more traffic than the limit (here 3 s)', async () => {
    sim.reset();
    const send = () => form('To=%2B61491570103&From=%2B61491570156&Body=q');
    for (let i = 0; i < 4; i++) expect((await send()).status).toBe(201);
    expectTwilioError(await send(), 400, 21611);
  });
});

describe('injected faults (POST /__sim/faults)', () => {
  it('the next N matching calls fail in Twilio’s shape with Retry-After, then traffic flows again', async () => {
    sim.reset();
    const added = await request(app)
      .post('/__sim/faults')
      .auth(...auth)
      .send({ operationId: 'CreateMessage', status: 429, times: 2, retryAfter: 3 });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ code: 20429, remaining: 2 });
    // Other operations are untouched.
    expect(
      (
        await request(app)
          .get(messagesPath())
          .auth(...auth)
      ).status,
    ).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await form('To=%2B61491570104&From=%2B61491570156&Body=retry');
      expectTwilioError(res, 429, 20429);
      expect(res.headers['retry-after']).toBe('3');
    }
    expect((await form('To=%2B61491570104&From=%2B61491570156&Body=retry')).status).toBe(201);
    const list = await request(app)
      .get(`${messagesPath()}?To=%2B61491570104`)
      .auth(...auth);
    expect(list.body.messages).toHaveLength(1);
  });

  it('faults belong to the account that set them', async () => {
    sim.reset();
    await request(app)
      .post('/__sim/faults')
      .auth(...auth)
      .send({ status: 503 });
    const other = sim.accounts[1]!;
    const otherList = await request(app).get(`/2010-04-01/Accounts/${other.sid}/Messages.json`).auth(other.sid, other.authToken);
    expect(otherList.status).toBe(200);
    expectTwilioError(
      await request(app)
        .get(messagesPath())
        .auth(...auth),
      503,
      20503,
    );
    expect(
      (
        await request(app)
          .get(messagesPath())
          .auth(...auth)
      ).status,
    ).toBe(200);
  });

  it('rejects nonsense fault specs', async () => {
    expectTwilioError(
      await request(app)
        .post('/__sim/faults')
        .auth(...auth)
        .send({ status: 200 }),
      400,
      20001,
    );
    expectTwilioError(
      await request(app)
        .post('/__sim/faults')
        .auth(...auth)
        .send({ status: 429, times: 0 }),
      400,
      20001,
    );
  });
});

describe('control API errors', () => {
  it('advancing a real clock is refused with 409', async () => {
    const real = createSimulator({ clock: 'real' });
    const res = await request(createApp(real))
      .post('/__sim/clock/advance')
      .auth(...auth)
      .send({ ms: 10 });
    expectTwilioError(res, 409, 20409);
  });

  it('bad JSON and bad fields → 400', async () => {
    const bad = await request(app)
      .post('/__sim/clock/advance')
      .auth(...auth)
      .set('content-type', 'application/json')
      .send('{nope');
    expectTwilioError(bad, 400, 20001);
    expectTwilioError(
      await request(app)
        .post('/__sim/clock/advance')
        .auth(...auth)
        .send({ ms: -5 }),
      400,
      20001,
    );
    expectTwilioError(
      await request(app)
        .post('/__sim/scenarios')
        .auth(...auth)
        .send({ to: '+61491570101', outcome: 'lost' }),
      400,
      20001,
    );
    expectTwilioError(
      await request(app)
        .post('/__sim/messages/inbound')
        .auth(...auth)
        .send({ from: '+61491570101', to: '+61499999999', body: 'x' }),
      404,
      20404,
    );
  });

  it('the control API needs the same credentials', async () => {
    expectTwilioError(await request(app).post('/__sim/reset'), 401, 20003);
    const health = await request(app).get('/__sim/health');
    expect(health.status).toBe(200);
    // Says what it is, so a tool pointed at a URL (the contract suite's runContracts) can tell a twilio-sim apart.
    expect(health.body).toMatchObject({ ok: true, service: 'twilio-sim', clock: 'virtual' });
  });
});
