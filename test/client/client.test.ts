// TwilioClient's own behaviour (normalisation, pass-through, retries, pacing, typed results and errors, auth),
// checked against the simulator: what the client sent is read back from the simulator's stored messages, and
// failures are the simulator's injected faults. Waits run on the simulator's virtual clock, never on real time.
// The happy path with webhooks lives in send-sms.e2e.test.ts.
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type ListeningSimulator, type VirtualClock } from '../../simulator/index.js';
import type { FaultSpec } from '../../simulator/control/faults.js';
import { InvalidPhoneNumberError, RetryExhaustedError, TwilioApiError, TwilioClient, type TwilioClientOptions } from '../../src/index.js';
import { RequestOutcomeUnknownError } from '../../src/pacing.js';
import { drivenClockTime, type DrivenClockTime } from './helpers/driven-clock-time.js';

const FROM = '+61491570156';
const TO = '+61491570101';

let sim: ListeningSimulator;
let clock: VirtualClock;
let account: ListeningSimulator['accounts'][number];
let time: DrivenClockTime;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clock: 'virtual' });
  clock = sim.clock as VirtualClock;
  account = sim.accounts[0]!;
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.simulator.reset();
  time = drivenClockTime(clock);
});

function client(extra: Partial<TwilioClientOptions> = {}): TwilioClient {
  return new TwilioClient({ accountSid: account.sid, authToken: account.authToken, baseUrl: sim.url, timeSource: time, ...extra });
}

/** Arm a failure through the control API, as a test outside this process would. */
async function injectFault(spec: FaultSpec): Promise<void> {
  const response = await fetch(`${sim.url}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`${account.sid}:${account.authToken}`)}` },
    body: JSON.stringify(spec),
  });
  expect(response.ok).toBe(true);
}

/** Uses of injected faults not yet consumed: each request that reached the simulator consumed one. */
const faultUsesLeft = () => sim.simulator.faults.list(account.sid).reduce((n, f) => n + f.remaining, 0);

const messageBox = () => sim.simulator.messages.service.box(sim.simulator.kernel.accounts.get(account.sid)!);

/** The simulator's own record of a message (what Twilio would hold, including fields its API never shows). */
function stored(messageSid: string) {
  const message = messageBox().messages.get(messageSid);
  if (!message) throw new Error(`the simulator holds no message ${messageSid}`);
  return message;
}

const sentMessages = () => messageBox().newestFirst();

describe('TwilioClient.sendSms', () => {
  it('normalises national and spaced numbers to E.164 and reports the segment count', async () => {
    const body = 'A long update about your order. '.repeat(10); // 320 GSM-7 characters: 3 segments
    const result = await client().sendSms({ from: '0491 570 156', to: '+61 (0)491 570 101', body });

    expect(result).toEqual({ messageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued', segments: 3 });
    expect(stored(result.messageSid)).toMatchObject({ from: FROM, to: TO, body, numSegments: 3 });
  });

  it.each([
    ['one media URL', 'https://example.com/a.png', ['https://example.com/a.png']],
    [
      'several media URLs',
      ['https://example.com/a.png', 'https://example.com/b.png'],
      ['https://example.com/a.png', 'https://example.com/b.png'],
    ],
  ])('passes statusCallback and %s through', async (_label, mediaUrl, expected) => {
    // The clock never moves in this test, so the callback URL is recorded but never called.
    const statusCallback = 'http://127.0.0.1:3000/hooks/status';
    const result = await client().sendSms({ from: FROM, to: TO, body: 'pic', statusCallback, mediaUrl });

    expect(result.messageSid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(stored(result.messageSid).statusCallback).toBe(statusCallback);
    expect(stored(result.messageSid).media.map((m) => m.url)).toEqual(expected);
    const media = await client().sdk.messages(result.messageSid).media.list();
    expect(media.map((m) => m.contentType)).toEqual(expected.map(() => 'image/png'));
    expect(await client().fetchMessage(result.messageSid)).toMatchObject({ numMedia: expected.length });
  });

  it('throws InvalidPhoneNumberError before any request', async () => {
    // A fault armed for any operation would be used up by the first request that reached the simulator.
    await injectFault({ status: 500, times: 1 });
    const err = await client()
      .sendSms({ from: FROM, to: 'call me maybe', body: 'x' })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(InvalidPhoneNumberError);
    expect((err as InvalidPhoneNumberError).input).toBe('call me maybe');
    expect(faultUsesLeft()).toBe(1);
    expect(sentMessages()).toEqual([]);
  });

  it.each([
    ['+15005550001', 21211],
    ['+15005550004', 21610],
  ])('turns Twilio’s refusal of %s into TwilioApiError %i, without retrying', async (to, code) => {
    const before = clock.now();
    const err = await client()
      .sendSms({ from: '+15005550006', to, body: 'x' })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(TwilioApiError);
    expect(err).toMatchObject({ status: 400, code, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
    expect((err as TwilioApiError).message).not.toBe('');
    expect(time.waits).toEqual([]);
    expect(clock.now()).toBe(before);
  });
});

describe('TwilioClient retries against injected faults', () => {
  it('backs off exponentially through two 429s without Retry-After, then sends once', async () => {
    await injectFault({ operationId: 'CreateMessage', status: 429, times: 2 });
    const before = clock.now();
    const result = await client({ retry: { random: () => 0.5 } }).sendSms({ from: FROM, to: TO, body: 'x' });

    expect(result.status).toBe('queued');
    expect(time.waits).toEqual([125, 250]);
    expect(faultUsesLeft()).toBe(0);
    expect(sentMessages().map((m) => m.sid)).toEqual([result.messageSid]);
    expect(stored(result.messageSid).dateCreated).toBe(before + 375);
  });

  it('honours Retry-After on a 503: the retry reaches the simulator 3 s later', async () => {
    await injectFault({ operationId: 'CreateMessage', status: 503, times: 1, retryAfter: 3 });
    const before = clock.now();
    const result = await client().sendSms({ from: FROM, to: TO, body: 'x' });

    expect(time.waits).toEqual([3000]);
    expect(stored(result.messageSid).dateCreated).toBe(before + 3000);
  });

  it('caps attempts and reports the last Twilio error', async () => {
    await injectFault({ operationId: 'CreateMessage', status: 429, times: 10 });
    const err = (await client()
      .sendSms({ from: FROM, to: TO, body: 'x' })
      .catch((e: unknown) => e)) as RetryExhaustedError;

    expect(err).toBeInstanceOf(RetryExhaustedError);
    expect(err.attempts).toBe(4);
    expect(err.cause).toBeInstanceOf(TwilioApiError);
    expect(err.cause).toMatchObject({ status: 429, code: 20429 });
    expect(faultUsesLeft()).toBe(10 - 4);
    expect(sentMessages()).toEqual([]);
  });

  it('can be turned off', async () => {
    await injectFault({ operationId: 'CreateMessage', status: 429, times: 1 });
    const err = await client({ retry: false })
      .sendSms({ from: FROM, to: TO, body: 'x' })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(TwilioApiError);
    expect(err).toMatchObject({ status: 429, code: 20429 });
    // A second attempt would have gone through: the fault was good for one request only.
    expect(faultUsesLeft()).toBe(0);
    expect(sentMessages()).toEqual([]);
  });

  it('retries a refused connection, then gives up', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const err = (await client({ baseUrl: `http://127.0.0.1:${closedPort}`, retry: { maxAttempts: 2 } })
      .sendSms({ from: FROM, to: TO, body: 'x' })
      .catch((e: unknown) => e)) as RetryExhaustedError;

    expect(err).toBeInstanceOf(RetryExhaustedError);
    expect(err.attempts).toBe(2);
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(time.waits).toHaveLength(1);
  });
});

/**
 * A network fault between the client and the simulator: a 127.0.0.1 relay that passes requests on, except that it
 * drops the connection (no answer at all) for the requests its plan names, in order:
 *  - 'reset': the request is read, never passed on, and the connection destroyed (nothing was created);
 *  - 'reset-after-accept': the request is passed on, the simulator's answer is read and thrown away, and the
 *    connection destroyed — what the client sees when Twilio accepted a request but the answer was lost.
 * Requests beyond the plan, or planned as 'pass', go through untouched.
 */
interface FlakyLink {
  url: string;
  plan: Array<'pass' | 'reset' | 'reset-after-accept'>;
  /** "METHOD path" of every request the link received. */
  seen: string[];
  close(): Promise<void>;
}

async function flakyLink(): Promise<FlakyLink> {
  const upstreamUrl = new URL(sim.url);
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      link.seen.push(`${req.method} ${req.url}`);
      const step = link.plan.shift() ?? 'pass';
      if (step === 'reset') return void req.socket.destroy();
      const upstream = httpRequest(
        {
          host: upstreamUrl.hostname,
          port: upstreamUrl.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: upstreamUrl.host },
        },
        (answer) => {
          if (step === 'reset-after-accept') {
            answer.resume();
            answer.on('end', () => req.socket.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const link: FlakyLink = {
    url: `http://127.0.0.1:${port}`,
    plan: [],
    seen: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return link;
}

describe('TwilioClient on a connection that drops mid-request', () => {
  let link: FlakyLink;
  beforeAll(async () => {
    link = await flakyLink();
  });
  afterAll(() => link.close());
  beforeEach(() => {
    link.plan = [];
    link.seen = [];
  });

  const viaLink = (extra: Partial<TwilioClientOptions> = {}) => client({ baseUrl: link.url, ...extra });
  const createRequest = () => `POST /2010-04-01/Accounts/${account.sid}/Messages.json`;

  it('does not retry a send whose connection was reset after Twilio accepted it: one message, a typed error', async () => {
    link.plan = ['reset-after-accept'];
    const err = (await viaLink()
      .sendSms({ from: FROM, to: TO, body: 'only once' })
      .catch((e: unknown) => e)) as RequestOutcomeUnknownError;

    expect(err).toBeInstanceOf(RequestOutcomeUnknownError);
    expect(err.attempts).toBe(1);
    expect((err.cause as { code?: string }).code).toBe('ECONNRESET');
    expect(link.seen).toEqual([createRequest()]);
    expect(time.waits).toEqual([]);
    // Twilio (here the simulator) did create it: a retry would have sent it twice.
    expect(sentMessages().map((m) => m.body)).toEqual(['only once']);
  });

  it('reports the same typed error with retries off', async () => {
    link.plan = ['reset'];
    const err = await viaLink({ retry: false })
      .sendSms({ from: FROM, to: TO, body: 'x' })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(RequestOutcomeUnknownError);
    expect(link.seen).toEqual([createRequest()]);
  });

  it('still retries a 429, and a reset on the retry ends it as unknown, not as exhausted', async () => {
    await injectFault({ operationId: 'CreateMessage', status: 429, times: 1 });
    link.plan = ['pass', 'reset-after-accept'];
    const err = (await viaLink({ retry: { random: () => 0.5 } })
      .sendSms({ from: FROM, to: TO, body: 'second try' })
      .catch((e: unknown) => e)) as RequestOutcomeUnknownError;

    expect(err).toBeInstanceOf(RequestOutcomeUnknownError);
    expect(err.attempts).toBe(2);
    expect(link.seen).toEqual([createRequest(), createRequest()]);
    expect(time.waits).toEqual([125]);
    expect(sentMessages().map((m) => m.body)).toEqual(['second try']);
  });

  it('retries such a send only when the caller opts in (retryAmbiguous), and then the SMS goes out twice', async () => {
    link.plan = ['reset-after-accept'];
    const optedIn = viaLink({ retry: { retryAmbiguous: true, random: () => 0.5 } });
    const result = await optedIn.sendSms({ from: FROM, to: TO, body: 'twice' });

    expect(link.seen).toEqual([createRequest(), createRequest()]);
    expect(time.waits).toEqual([125]);
    expect(sentMessages().map((m) => m.body)).toEqual(['twice', 'twice']);
    expect(sentMessages()[0]!.sid).toBe(result.messageSid);
  });

  it('retries a read whose connection was reset, and returns the message', async () => {
    const { messageSid } = await client().sendSms({ from: FROM, to: TO, body: 'read me' });
    link.plan = ['reset'];
    const summary = await viaLink({ retry: { random: () => 0.5 } }).fetchMessage(messageSid);

    expect(summary).toMatchObject({ messageSid, body: 'read me' });
    const fetchRequest = `GET /2010-04-01/Accounts/${account.sid}/Messages/${messageSid}.json`;
    expect(link.seen).toEqual([fetchRequest, fetchRequest]);
    expect(time.waits).toEqual([125]);
  });
});

describe('TwilioClient pacing', () => {
  it('paces by the normalised sender, whatever way it was written; other senders are not held', async () => {
    const c = client();
    const start = clock.now();
    const first = await c.sendSms({ from: '0491 570 156', to: TO, body: 'one' });
    const other = await c.sendSms({ from: '+61491570157', to: TO, body: 'other sender' });
    const second = await c.sendSms({ from: '+61 491 570 156', to: TO, body: 'two' });

    expect(time.waits).toEqual([1000]);
    expect([first, other, second].map((r) => stored(r.messageSid).dateCreated - start)).toEqual([0, 0, 1000]);
  });
});

describe('TwilioClient.fetchMessage', () => {
  it('returns a typed summary of what the simulator holds', async () => {
    // +61491570110 is a fixture recipient whose messages end undelivered with 30003.
    const { messageSid } = await client().sendSms({ from: FROM, to: '+61491570110', body: 'hi' });
    await clock.runUntilIdle();
    const summary = await client().fetchMessage(messageSid);

    const held = stored(messageSid);
    const toSecond = (ms: number) => new Date(Math.floor(ms / 1000) * 1000); // Twilio's dates carry whole seconds
    expect(summary).toEqual({
      messageSid,
      accountSid: account.sid,
      messagingServiceSid: null,
      from: FROM,
      to: '+61491570110',
      body: 'hi',
      status: 'undelivered',
      direction: 'outbound-api',
      segments: 1,
      numMedia: 0,
      errorCode: 30003,
      errorMessage: 'Unreachable destination handset',
      price: '-0.08000',
      priceUnit: 'AUD',
      dateCreated: toSecond(held.dateCreated),
      dateSent: toSecond(held.dateSent!),
      dateUpdated: toSecond(held.dateUpdated),
    });
  });

  it('maps a 404 to TwilioApiError 20404, without retrying', async () => {
    const err = await client()
      .fetchMessage('SM0123456789abcdef0123456789abcdef')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwilioApiError);
    expect(err).toMatchObject({ status: 404, code: 20404 });
    expect(time.waits).toEqual([]);
  });
});

describe('TwilioClient options', () => {
  it('needs credentials', () => {
    expect(() => new TwilioClient({ accountSid: account.sid })).toThrow(TypeError);
    expect(() => new TwilioClient({ accountSid: account.sid, apiKey: 'SKx' })).toThrow(TypeError);
  });

  it('authenticates with an API key of the account', async () => {
    const key = sim.simulator.kernel.accounts.get(account.sid)!.account.apiKeys[0]!;
    const withKey = (secret: string) => client({ authToken: undefined, apiKey: key.sid, apiSecret: secret, retry: false });

    const result = await withKey(key.secret).sendSms({ from: FROM, to: TO, body: 'x' });
    expect(stored(result.messageSid).accountSid).toBe(account.sid);

    const refused = await withKey('not-the-secret')
      .sendSms({ from: FROM, to: TO, body: 'x' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TwilioApiError);
    expect(refused).toMatchObject({ status: 401, code: 20003 });
  });
});
