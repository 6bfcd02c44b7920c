// A stand-in for Twilio's REST API on 127.0.0.1, for client behaviour the simulator does not serve yet (Calls,
// Lookups) or refuses (alphanumeric senders): it records every request the SDK sends and answers in Twilio's JSON
// shape, or with whatever a test sets in `answer`.
import { createServer, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Form fields; repeated keys keep every value. */
  form: Record<string, string[]>;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
}

export interface FakeTwilio {
  url: string;
  requests: RecordedRequest[];
  /** Override the answer per request; return undefined for the default. */
  answer: ((req: RecordedRequest) => FakeAnswer | undefined) | undefined;
  close(): Promise<void>;
}

const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, '0')}`;

function defaultAnswer(req: RecordedRequest, n: number): FakeAnswer {
  const field = (k: string) => req.form[k]?.[0];
  if (/\/Messages\.json$/.test(req.path)) {
    return {
      status: 201,
      body: { sid: sid('SM', n), status: 'queued', from: field('From') ?? null, to: field('To'), body: field('Body'), num_segments: '1' },
    };
  }
  if (/\/Calls\.json$/.test(req.path)) {
    return { status: 201, body: { sid: sid('CA', n), status: 'queued', from: field('From'), to: field('To'), direction: 'outbound-api' } };
  }
  const call = /\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(req.path);
  if (call) return { status: 200, body: { sid: call[1], status: field('Status') ?? 'in-progress' } };
  return { status: 404, body: { code: 20404, message: `The requested resource ${req.path} was not found`, status: 404 } };
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const form: Record<string, string[]> = {};
      for (const key of new Set(params.keys())) form[key] = params.getAll(key);
      const recorded = { method: req.method ?? '', path: req.url ?? '', form };
      fake.requests.push(recorded);
      const answer = fake.answer?.(recorded) ?? defaultAnswer(recorded, fake.requests.length);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const fake: FakeTwilio = {
    url: `http://127.0.0.1:${port}`,
    requests: [],
    answer: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
