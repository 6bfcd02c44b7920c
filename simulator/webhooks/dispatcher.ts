// Sends Twilio-style webhooks: signed form requests to user URLs with Twilio's timeouts, retry rules and
// per-resource ordering, logging every attempt. send() never rejects: a receiver that is down or slow only
// affects its own resource's chain and shows up in the log.

import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../kernel/clock.js';
import { DeliveryLog } from './delivery-log.js';
import { ERROR_HTTP_RETRIEVAL, invalidUrlFailure, unsupportedMethodFailure, type AttemptFailure } from './errors.js';
import { parseConnectionOverrides } from './overrides.js';
import { signatureFor } from './signature.js';
import { resolveTarget, withQuery } from './target.js';
import { createHttpTransport, type AttemptOutcome, type HttpTransport } from './transport.js';
import type {
  DeliveryLogEntry,
  DeliveryLogFilter,
  WebhookDispatcherOptions,
  WebhookRequest,
  WebhookResult,
  WebhookTransport,
} from './types.js';

const DEFAULT_USER_AGENT = 'TwilioProxy/1.1';
const DEFAULT_MAX_LOG_ENTRIES = 10_000;
const LOGGED_BODY_CHARS = 2048;

export class WebhookDispatcher {
  readonly #clockOf: (accountSid: string) => Clock;
  readonly #userAgent: string;
  readonly #rejectUnauthorized: boolean;
  readonly #log: DeliveryLog;
  readonly #transport: WebhookTransport;
  /** The real network's keep-alive connections, when no transport was injected. */
  readonly #network: HttpTransport | undefined;
  /** Tail of each resource's delivery chain; removed once the chain drains. */
  readonly #chains = new Map<string, Promise<void>>();
  #deliveries = 0;
  #attempts = 0;

  constructor(options: WebhookDispatcherOptions) {
    this.#clockOf = options.clockOf ?? (() => options.clock);
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#rejectUnauthorized = options.rejectUnauthorized ?? true;
    this.#log = new DeliveryLog(options.maxLogEntries ?? DEFAULT_MAX_LOG_ENTRIES);
    this.#network = options.transport ? undefined : createHttpTransport();
    this.#transport = options.transport ?? this.#network!.attempt;
  }

  /**
   * Queue one delivery behind earlier ones for the same resource and resolve with its outcome once every attempt
   * is over. Never rejects. The promise is registered with the clock, so a VirtualClock's advance()/settled()
   * also wait for it.
   */
  send(request: WebhookRequest): Promise<WebhookResult> {
    let result: Promise<WebhookResult>;
    try {
      result = this.#enqueue(request);
    } catch (error) {
      // Only a malformed request gets here (e.g. params that cannot be read); report it like any failure.
      result = Promise.resolve(this.#internalFailure(request, '', error));
    }
    // A malformed request (even a null one) still gets a result; its clock is the default one then.
    this.#clockOf(String(request?.accountSid)).track(result);
    return result;
  }

  log(filter?: DeliveryLogFilter): DeliveryLogEntry[] {
    return this.#log.list(filter);
  }

  clear(accountSid?: string): void {
    this.#log.clear(accountSid);
  }

  /** Let go of kept connections to receivers (the simulator is stopping). */
  close(): void {
    this.#network?.close();
  }

  onAttempt(listener: (entry: DeliveryLogEntry) => void): () => void {
    return this.#log.subscribe(listener);
  }

  #enqueue(request: WebhookRequest): Promise<WebhookResult> {
    // Copy now: the caller may reuse or change its objects before the delivery's turn comes.
    const snapshot: WebhookRequest = {
      ...request,
      // StatusCallbackMethod and friends are case-insensitive on Twilio's API.
      method: String(request.method).toUpperCase() as WebhookRequest['method'],
      params: stringParams(request.params),
    };
    const token = this.#idempotencyToken(snapshot);
    const channel = request.channel === undefined ? snapshot.kind : request.channel;
    const deliver = () => this.#deliver(snapshot, token).catch((error: unknown) => this.#internalFailure(snapshot, token, error));
    if (channel === null) return deliver();
    const key = `${snapshot.accountSid}\u0000${snapshot.resourceSid}\u0000${channel}`;
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const result = previous.then(deliver);
    const tail = result.then(() => undefined);
    this.#chains.set(key, tail);
    void tail.then(() => {
      if (this.#chains.get(key) === tail) this.#chains.delete(key);
    });
    return result;
  }

  async #deliver(request: WebhookRequest, token: string): Promise<WebhookResult> {
    const { url: bareUrl, overrides, warnings } = parseConnectionOverrides(request.url);
    const wanted = request.method === 'GET' ? withQuery(bareUrl, request.params) : bareUrl;
    const target = resolveTarget(wanted);

    const base = {
      accountSid: request.accountSid,
      kind: request.kind,
      resourceSid: request.resourceSid,
      url: request.url,
      method: request.method,
      params: request.params,
      idempotencyToken: token,
      warnings,
    };

    if ('error' in target || (request.method !== 'GET' && request.method !== 'POST')) {
      const failure = 'error' in target ? invalidUrlFailure(bareUrl, target.error) : unsupportedMethodFailure(String(request.method));
      this.#record({ ...base, requestUrl: wanted, signature: '' }, 1, this.#clockOf(request.accountSid).now(), failedOutcome(failure));
      return { delivered: false, status: null, body: '', contentType: null, errorCode: failure.errorCode, attempts: 1 };
    }

    // POST signs the URL plus the sorted form fields; GET signs the URL that already carries them.
    const signature =
      request.method === 'GET'
        ? signatureFor(request.authToken, target.href, {})
        : signatureFor(request.authToken, target.href, request.params);
    const body = request.method === 'POST' ? new URLSearchParams(request.params).toString() : null;
    const headers: Record<string, string> = {
      'X-Twilio-Signature': signature,
      'I-Twilio-Idempotency-Token': token,
      'User-Agent': this.#userAgent,
      Accept: '*/*',
    };
    if (body !== null) headers['Content-Type'] = 'application/x-www-form-urlencoded';

    const deadline = performance.now() + overrides.totalTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      const startedAt = this.#clockOf(request.accountSid).now();
      const outcome = await this.#transport({
        target,
        method: request.method,
        headers,
        body,
        connectTimeoutMs: overrides.connectTimeoutMs,
        readTimeoutMs: overrides.readTimeoutMs,
        totalTimeoutMs: overrides.totalTimeoutMs,
        deadline,
        rejectUnauthorized: this.#rejectUnauthorized,
        sni: overrides.sni,
      });
      this.#record({ ...base, requestUrl: target.href, signature }, attempt, startedAt, outcome);

      const { failure } = outcome;
      const retry =
        failure !== null &&
        failure.retryAs !== null &&
        overrides.retryOn.includes(failure.retryAs) &&
        attempt <= overrides.retryCount &&
        performance.now() < deadline;
      // Retries go out at once: Twilio documents no back-off, and waiting on the clock here would stall a
      // VirtualClock's advance() behind its own timers.
      if (retry) continue;
      return {
        delivered: failure === null,
        status: outcome.status,
        body: outcome.body,
        contentType: outcome.contentType,
        errorCode: failure?.errorCode ?? null,
        attempts: attempt,
      };
    }
  }

  #record(
    base: Omit<DeliveryLogEntry, 'id' | 'attempt' | 'at' | 'status' | 'latencyMs' | 'errorCode' | 'errorMessage' | 'responseBody'>,
    attempt: number,
    startedAt: number,
    outcome: AttemptOutcome,
  ): void {
    this.#log.add({
      ...base,
      id: `WD${(++this.#attempts).toString(16).padStart(32, '0')}`,
      attempt,
      at: new Date(startedAt).toISOString(),
      status: outcome.status,
      latencyMs: outcome.latencyMs,
      errorCode: outcome.failure?.errorCode ?? null,
      errorMessage: outcome.failure?.errorMessage ?? null,
      responseBody: outcome.body.slice(0, LOGGED_BODY_CHARS),
    });
  }

  /** Last line of defence for send()'s never-reject promise: a bug here must not surface as a rejection. */
  #internalFailure(request: WebhookRequest, token: string, error: unknown): WebhookResult {
    const failure: AttemptFailure = {
      errorCode: ERROR_HTTP_RETRIEVAL,
      errorMessage: `HTTP retrieval failure: the simulator could not send this webhook (${String(error)})`,
      retryAs: null,
    };
    try {
      this.#record(
        {
          accountSid: String(request.accountSid),
          kind: request.kind,
          resourceSid: String(request.resourceSid),
          url: String(request.url),
          requestUrl: String(request.url),
          method: request.method,
          params: request.params,
          signature: '',
          idempotencyToken: token,
          warnings: [],
        },
        1,
        this.#clockOf(String(request.accountSid)).now(),
        failedOutcome(failure),
      );
    } catch {
      // Nothing more can be done; the result below still reports the failure.
    }
    return { delivered: false, status: null, body: '', contentType: null, errorCode: failure.errorCode, attempts: 1 };
  }

  /** Unique per delivery and identical across its retries; UUID-shaped and reproducible run to run. */
  #idempotencyToken(request: WebhookRequest): string {
    const hex = createHash('sha1')
      .update(`${request.accountSid}|${request.resourceSid}|${++this.#deliveries}`)
      .digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }
}

function failedOutcome(failure: AttemptFailure): AttemptOutcome {
  return { status: null, body: '', contentType: null, failure, latencyMs: 0 };
}

function stringParams(params: Record<string, string> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== null) out[name] = String(value);
  }
  return out;
}
