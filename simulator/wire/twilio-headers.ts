// The headers real Twilio puts on every REST answer (as recorded from api.twilio.com, newest recordings winning):
// a request id, how long it took, the account's concurrent requests, its home region, CORS, and Twilio's own
// markers. Apps and SDKs log Twilio-Request-Id; support asks for it; tests may assert it is there.
import { createHash, randomBytes } from 'node:crypto';
import type { WireResponse } from './types.js';

export interface AnswerFacts {
  durationMs: number;
  concurrentRequests: number;
  /** api.twilio.com, lookups.twilio.com… */
  apiDomain: string;
  /** A fetch of one resource carries ETag/Last-Modified. */
  singleResource: boolean;
}

const STATIC_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers':
    'Accept, Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Idempotency-Key',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-expose-headers': 'ETag',
  'access-control-allow-credentials': 'true',
  'x-powered-by': 'AT-5000',
  'x-shenanigans': 'none',
  'x-home-region': 'us1',
  'strict-transport-security': 'max-age=31536000',
};

/** RQ + 32 hex, unique per request. */
export const requestId = () => `RQ${randomBytes(16).toString('hex')}`;

export function withTwilioHeaders(response: WireResponse, facts: AnswerFacts): WireResponse {
  const headers: Record<string, string> = {
    ...response.headers,
    ...STATIC_HEADERS,
    'twilio-request-id': requestId(),
    'twilio-request-duration': (facts.durationMs / 1000).toFixed(3),
    'twilio-concurrent-requests': String(facts.concurrentRequests),
    'x-api-domain': facts.apiDomain,
  };
  if (facts.singleResource && response.status === 200 && typeof response.body === 'string' && response.body !== '') {
    headers.etag = createHash('md5').update(response.body).digest('hex');
    const updated = /"date_updated":"([^"]+)"/.exec(response.body)?.[1];
    if (updated) headers['last-modified'] = updated;
  }
  return { ...response, headers };
}
