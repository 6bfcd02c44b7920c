// Twilio debugger codes for failed webhook attempts, and the mapping from Node's socket errors to them.
// Twilio raises one alert per failed request (11200 / 11205 / 11210 ...) and names the precise reason in the
// X-Twilio-WebhookError detail (11201 TCP timeout, 11202 refused, 11203 total timeout); the detail is kept in
// the log entry's errorMessage.

import type { RetryCondition } from './types.js';

export const ERROR_INVALID_URL = 11100;
export const ERROR_HTTP_RETRIEVAL = 11200;
export const ERROR_CONNECTION = 11205;
export const ERROR_BAD_HOST = 11210;
export const ERROR_TLS_HANDSHAKE = 11220;
export const ERROR_CERT_DOMAIN_MISMATCH = 11235;
export const ERROR_CERT_EXPIRED = 11236;
export const ERROR_CERT_UNTRUSTED = 11237;
export const WARNING_INVALID_EDGE = 11240;
export const WARNING_INVALID_OVERRIDE = 11243;

const DETAIL_TCP_TIMEOUT = '11201 TCP connection timed out';
const DETAIL_TCP_REFUSED = '11202 TCP connection refused';
const DETAIL_TOTAL_TIMEOUT = '11203 HTTP communication total time out triggered';
const DETAIL_PROTOCOL = '11206 HTTP protocol violation';

export interface AttemptFailure {
  errorCode: number;
  errorMessage: string;
  /** Which `rp` condition allows a retry of this failure; null when no policy retries it. */
  retryAs: RetryCondition | null;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL', 'ETIMEDOUT']);
const UNTRUSTED_CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

export function invalidUrlFailure(url: string, why: string): AttemptFailure {
  return { errorCode: ERROR_INVALID_URL, errorMessage: `Invalid URL format: ${why}: ${url}`, retryAs: null };
}

export function unsupportedMethodFailure(method: string): AttemptFailure {
  return {
    errorCode: ERROR_HTTP_RETRIEVAL,
    errorMessage: `HTTP retrieval failure: webhooks are sent with GET or POST, not ${method}`,
    retryAs: null,
  };
}

export function httpStatusFailure(status: number, statusMessage: string | undefined): AttemptFailure {
  const text = `HTTP retrieval failure: the server answered ${status}${statusMessage ? ` ${statusMessage}` : ''}`;
  const retryAs = status >= 500 && status <= 599 ? '5xx' : status >= 400 && status <= 499 ? '4xx' : null;
  return { errorCode: ERROR_HTTP_RETRIEVAL, errorMessage: text, retryAs };
}

/**
 * A timer ran out. Before the TCP connection was up it is a connection failure (retried under `ct`), after it a
 * read timeout (retried under `rt`). When the total budget (`tt`) is what ran out, nothing is left to retry with.
 */
export function timeoutFailure(phase: 'connect' | 'read', limitMs: number, total: boolean): AttemptFailure {
  if (total) {
    const errorCode = phase === 'connect' ? ERROR_CONNECTION : ERROR_HTTP_RETRIEVAL;
    const title = phase === 'connect' ? 'HTTP connection failure' : 'HTTP retrieval failure';
    const errorMessage = `${title}: total timeout of ${limitMs} ms reached (${DETAIL_TOTAL_TIMEOUT})`;
    return { errorCode, errorMessage, retryAs: null };
  }
  if (phase === 'connect') {
    return {
      errorCode: ERROR_CONNECTION,
      errorMessage: `HTTP connection failure: no TCP connection within ${limitMs} ms (${DETAIL_TCP_TIMEOUT})`,
      retryAs: 'ct',
    };
  }
  return {
    errorCode: ERROR_HTTP_RETRIEVAL,
    errorMessage: `HTTP retrieval failure: no response data within the read timeout of ${limitMs} ms`,
    retryAs: 'rt',
  };
}

/** Maps an error Node raised on the request to Twilio's alert; `connected` tells whether TCP was up. */
export function networkFailure(error: unknown, connected: boolean): AttemptFailure {
  const err = error as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : '';
  const detail = err instanceof Error ? err.message : String(error);

  if (DNS_CODES.has(code)) {
    return { errorCode: ERROR_BAD_HOST, errorMessage: `HTTP bad host name: ${detail}`, retryAs: null };
  }
  if (code === 'ECONNREFUSED') {
    return {
      errorCode: ERROR_CONNECTION,
      errorMessage: `HTTP connection failure: ${detail} (${DETAIL_TCP_REFUSED})`,
      retryAs: 'ct',
    };
  }
  if (CONNECT_CODES.has(code) || (!connected && (code === 'ECONNRESET' || code === 'EPIPE'))) {
    return { errorCode: ERROR_CONNECTION, errorMessage: `HTTP connection failure: ${detail}`, retryAs: 'ct' };
  }
  // Certificate and handshake problems count as connection failures for the retry policy ("ct retries on TCP
  // connect or TLS handshake failure") but have their own alert codes.
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      errorCode: ERROR_CERT_DOMAIN_MISMATCH,
      errorMessage: `Certificate Invalid - Domain Mismatch: ${detail}`,
      retryAs: 'ct',
    };
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return {
      errorCode: ERROR_CERT_EXPIRED,
      errorMessage: `Certificate Invalid - Certificate Expired: ${detail}`,
      retryAs: 'ct',
    };
  }
  if (UNTRUSTED_CERT_CODES.has(code)) {
    return {
      errorCode: ERROR_CERT_UNTRUSTED,
      errorMessage: `Certificate Invalid - Could not find path to certificate: ${detail}`,
      retryAs: 'ct',
    };
  }
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code.startsWith('ERR_TLS_')) {
    return { errorCode: ERROR_TLS_HANDSHAKE, errorMessage: `SSL/TLS Handshake Error: ${detail}`, retryAs: 'ct' };
  }
  if (code.startsWith('HPE_')) {
    return {
      errorCode: ERROR_HTTP_RETRIEVAL,
      errorMessage: `HTTP retrieval failure: ${detail} (${DETAIL_PROTOCOL})`,
      retryAs: null,
    };
  }
  // A reset or hang-up after the request went out is a partial response, which Twilio does not retry.
  return { errorCode: ERROR_HTTP_RETRIEVAL, errorMessage: `HTTP retrieval failure: ${detail}`, retryAs: null };
}
