// HTTP clients handed to the official SDK through its documented `httpClient` option. The SDK builds the request
// (URL, auth, form body) exactly as it would for Twilio; we only change where it goes and look at the answer.
import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClientTypes from 'twilio/lib/base/RequestClient.js';

export type RequestOptions<TData = unknown> = RequestClientTypes.RequestOptions<TData>;
export type RequestClientOptions = RequestClientTypes.RequestClientOptions;

/** What the SDK got back for one HTTP exchange (it keeps no headers on its RestException). */
export interface ObservedResponse {
  statusCode: number;
  headers: Record<string, unknown>;
}

// Per-call listener, so concurrent SDK calls never see each other's responses.
const responseListener = new AsyncLocalStorage<(response: ObservedResponse) => void>();

/**
 * Run `fn` (one SDK call) and report every HTTP response it receives to `onResponse`. Used to read Retry-After
 * from a 429/503 the SDK turns into an exception. Only requests made through an {@link ObservedRequestClient}
 * (or a subclass) are reported.
 */
export function observeResponses<T>(onResponse: (response: ObservedResponse) => void, fn: () => Promise<T>): Promise<T> {
  return responseListener.run(onResponse, fn);
}

/** The SDK's RequestClient, unchanged on the wire, reporting responses to {@link observeResponses}. */
export class ObservedRequestClient extends twilio.RequestClient {
  override async request<TData>(opts: RequestOptions<TData>) {
    const response = await super.request(opts);
    responseListener.getStore()?.({ statusCode: response.statusCode, headers: response.headers ?? {} });
    return response;
  }
}

/**
 * Sends every request meant for `https://<anything>.twilio.com` (api, lookups, regional hosts…) to `baseUrl`
 * instead, keeping path and query: `https://api.twilio.com/2010-04-01/Accounts/AC…/Messages.json` becomes
 * `http://127.0.0.1:4010/2010-04-01/Accounts/AC…/Messages.json`. Other URLs pass through untouched.
 */
export class SimulatorRequestClient extends ObservedRequestClient {
  readonly baseUrl: string;

  constructor(baseUrl: string | URL, options?: RequestClientOptions) {
    super(options);
    const url = new URL(String(baseUrl));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`baseUrl must be http(s): ${url}`);
    this.baseUrl = url.href;
  }

  override request<TData>(opts: RequestOptions<TData>) {
    return super.request({ ...opts, uri: rewriteTwilioUrl(opts.uri, this.baseUrl) });
  }
}

/** `https://*.twilio.com/path?query` → `<baseUrl>/path?query` (a path in baseUrl is kept as a prefix). */
export function rewriteTwilioUrl(uri: string, baseUrl: string | URL): string {
  const target = new URL(uri);
  const host = target.hostname.toLowerCase();
  if (target.protocol !== 'https:' || !(host === 'twilio.com' || host.endsWith('.twilio.com'))) return uri;
  const base = new URL(String(baseUrl));
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${target.pathname}${target.search}`;
}
