// A Target is where the suite sends its HTTP: the simulator, live Twilio, or a cassette. The suite only ever talks
// to this interface, so the same cases run unchanged against all three.

export type FormValue = string | string[];

/** Which credentials a request uses: the main account (token or API key), a second account (isolation), or wrong ones. */
export type AuthChoice = 'default' | 'api-key' | 'other-account' | 'wrong' | 'none';

export interface OutgoingRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL on the production host (https://api.twilio.com/...); the target maps it to where it sends. */
  url: string;
  form?: Record<string, FormValue>;
  auth: AuthChoice;
  /** Identifies the exchange for recording/replay: `<caseId>#<step>`. */
  key: string;
  operationId: string;
  /** The status the case expects; a replay of spec examples uses it to pick the matching example. */
  expectStatus?: number;
}

export interface TargetResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the raw text otherwise, undefined when empty. */
  body: unknown;
  /** Wall time of the exchange, for the report. */
  ms: number;
}

/** A webhook request the target delivered to the suite's receiver. */
export interface CapturedWebhook {
  method: string;
  /** Full URL Twilio (or the simulator) requested, as it would sign it. */
  url: string;
  path: string;
  headers: Record<string, string>;
  params: Record<string, string>;
  receivedAt: number;
}

export interface TargetCapabilities {
  /** Time can be moved by hand (virtual clock). */
  clock: boolean;
  /** Delivery outcomes can be scripted per destination number. */
  scenarios: boolean;
  /** Inbound SMS can be injected. */
  inbound: boolean;
  /** Callbacks can reach the suite's receiver. */
  webhooks: boolean;
  /** Test-credential magic numbers behave as documented. */
  magicNumbers: boolean;
  /** Requests cost money. */
  spends: boolean;
  /** A second account is available (isolation cases). */
  secondAccount: boolean;
  /** An API key (SK…:secret) of the main account is available. */
  apiKey: boolean;
  /**
   * Cases may change account configuration and list everything the account holds: nothing real is touched or
   * recorded (the simulator, a replay). False on live Twilio, where such cases would rewrite a production number's
   * URLs or write customers' messages into a cassette.
   */
  sandbox: boolean;
}

export type Capability = keyof TargetCapabilities;

export interface Target {
  /** `stand-in`: the live target's requests sent to another base URL (not a twilio-sim) instead of Twilio. */
  readonly name: 'simulator' | 'live' | 'stand-in' | 'recorded';
  readonly description: string;
  readonly capabilities: TargetCapabilities;
  /** Values cases refer to as {{name}}: account.sid, from.sms, to.mobile, ... */
  /** Values for {{name}} in case data; functions are evaluated when a step runs (time-relative values). */
  readonly vars: Record<string, string | (() => string)>;
  send(request: OutgoingRequest): Promise<TargetResponse>;
  /** operationIds the target serves; null when it serves everything (live). */
  servedOperations(): Promise<Set<string> | null>;
  /** Control hooks (only when the matching capability is true). */
  reset?(): Promise<void>;
  runUntilIdle?(): Promise<void>;
  advance?(ms: number): Promise<void>;
  scenario?(to: string, outcome: string, errorCode?: number): Promise<void>;
  inbound?(from: string, to: string, body: string): Promise<void>;
  /** Base URL (http://127.0.0.1:PORT) of the suite's webhook receiver, when webhooks are supported. */
  webhookBase?(): string;
  /** Webhooks received so far; `key` (`<caseId>#<step>`) lets a recording keep them with the step that read them. */
  webhooks?(key?: string): CapturedWebhook[];
  /**
   * Every webhook the target's own delivery log holds about one message or call (any URL, delivered or not), when
   * the target keeps such a log (the simulator's GET /__sim/webhooks); catches callbacks sent somewhere the suite's
   * receiver never hears.
   */
  deliveries?(resourceSid: string): Promise<Array<{ url: string; params: Record<string, string> }>>;
  /** The auth token webhooks are signed with, when the suite knows it (not for recordings). */
  signingToken?(): string | undefined;
  close(): Promise<void>;
}

/** Replaces the production origin of `url` with `base`, keeping path and query. */
export function rebase(url: string, base: string): string {
  const u = new URL(url);
  return `${base.replace(/\/$/, '')}${u.pathname}${u.search}`;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function encodeForm(form: Record<string, FormValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form ?? {})) {
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  }
  return params.toString();
}

export async function readResponse(res: Response, started: number): Promise<TargetResponse> {
  const text = await res.text();
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  let body: unknown = text === '' ? undefined : text;
  if (text !== '' && (headers['content-type'] ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      // leave as text; the schema check reports it
    }
  }
  return { status: res.status, headers, body, ms: performance.now() - started };
}

/** A replayed target has no recording for this request; the runner skips the case rather than failing it. */
export class NotRecorded extends Error {
  constructor(readonly key: string) {
    super(`no recorded exchange for ${key}`);
  }
}

/** The target can't serve this request at all (e.g. test credentials on a read); the case is skipped, not failed. */
export class NotAvailable extends NotRecorded {
  constructor(what: string, why: string) {
    super(what);
    this.message = `${what}: ${why}`;
  }
}

/** The operations a simulator (or a stand-in for Twilio) serves, from its GET /__sim/routes. */
export async function fetchServedOperations(baseUrl: string): Promise<Set<string>> {
  const res = await fetch(`${baseUrl}/__sim/routes`);
  if (!res.ok) throw new Error(`GET /__sim/routes → ${res.status}`);
  const data = (await res.json()) as { routes: Array<{ operationId: string }> };
  return new Set(data.routes.map((r) => r.operationId));
}

/** Time-relative variables against a target's notion of now: {{time.in5m}}, {{time.in1h}} (ISO-8601, UTC). */
export function timeVars(now: () => number): Record<string, () => string> {
  const at = (ms: number) => () => new Date(now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { 'time.in5m': at(5 * 60_000), 'time.in1h': at(3_600_000), 'time.in40d': at(40 * 86_400_000) };
}

export interface Credentials {
  user: string;
  password: string;
}

/**
 * One case request over HTTP, as every live-ish target sends it: the chosen credentials (a wrong password keeps the
 * right user), form-encoded bodies for writes, timing from just before the request.
 */
export async function sendForm(
  request: OutgoingRequest,
  url: string,
  credentials: { main: Credentials; apiKey?: Credentials; otherAccount?: Credentials },
): Promise<TargetResponse> {
  const chosen: Partial<Record<AuthChoice, Credentials | undefined>> = {
    default: credentials.main,
    'api-key': credentials.apiKey,
    'other-account': credentials.otherAccount,
    wrong: { user: credentials.main.user, password: '0'.repeat(32) },
  };
  const headers: Record<string, string> = {};
  const auth = chosen[request.auth];
  if (auth) headers.authorization = basicAuth(auth.user, auth.password);
  let body: string | undefined;
  if (request.method !== 'GET' && request.method !== 'DELETE') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = encodeForm(request.form);
  }
  const started = performance.now();
  return readResponse(await fetch(url, { method: request.method, headers, body }), started);
}
