// A stand-in for api.twilio.com on 127.0.0.1: records what the SDK sends and answers from a script, so the
// client's wire behaviour (paths, auth, retries) is observable without the simulator.
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  form: Record<string, string>;
  at: number;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeTwilio {
  url: string;
  requests: RecordedRequest[];
  /** Responses for the next requests, in order; when empty, `fallback` answers. */
  script: ScriptedResponse[];
  fallback: (req: RecordedRequest) => ScriptedResponse;
  /** Forget recorded requests, the script and any custom fallback. */
  reset(): void;
  close(): Promise<void>;
}

export function messageJson(form: Record<string, string>, accountSid: string, overrides: Record<string, unknown> = {}) {
  const sid = 'SM' + '0123456789abcdef'.repeat(2);
  return {
    sid,
    account_sid: accountSid,
    from: form.From ?? null,
    to: form.To ?? null,
    body: form.Body ?? '',
    status: 'queued',
    num_segments: '1',
    num_media: '0',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    price: null,
    price_unit: 'AUD',
    error_code: null,
    error_message: null,
    messaging_service_sid: null,
    date_created: 'Thu, 01 Jan 2026 00:00:00 +0000',
    date_updated: 'Thu, 01 Jan 2026 00:00:00 +0000',
    date_sent: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    ...overrides,
  };
}

export function twilioError(status: number, code: number, message: string): ScriptedResponse {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export async function startFakeTwilio(options: { now?: () => number } = {}): Promise<FakeTwilio> {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const createdMessage = (req: RecordedRequest): ScriptedResponse => {
    const sid = /\/Accounts\/(AC\w+)\//.exec(req.path)?.[1] ?? 'AC';
    return { status: 201, body: messageJson(req.form, sid) };
  };
  const fake: Omit<FakeTwilio, 'url' | 'close'> = {
    requests: [],
    script: [],
    fallback: createdMessage,
    reset() {
      fake.requests.length = 0;
      fake.script.length = 0;
      fake.fallback = createdMessage;
    },
  };
  app.use((req, res) => {
    const recorded: RecordedRequest = {
      method: req.method,
      path: req.path,
      authorization: req.get('authorization'),
      form: { ...(req.body ?? {}) },
      at: options.now?.() ?? 0,
    };
    fake.requests.push(recorded);
    const answer = fake.script.shift() ?? fake.fallback(recorded);
    res.status(answer.status).set(answer.headers ?? {});
    if (answer.body === undefined) res.end();
    else if (typeof answer.body === 'string') res.type('text/plain').send(answer.body);
    else res.json(answer.body);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}
