// Public shapes of the webhook dispatcher. Engine, voice and the inspector code against these.

import type { Clock } from '../kernel/clock.js';
import type { AttemptOutcome, AttemptSpec } from './transport.js';

export type WebhookKind = 'sms-status' | 'sms-inbound' | 'call-status' | 'voice-url' | (string & {});

export type WebhookMethod = 'POST' | 'GET';

export interface WebhookRequest {
  accountSid: string;
  /** Signing key: the account's auth token. */
  authToken: string;
  /** As configured by the user; may carry a #fragment with connection overrides. */
  url: string;
  method: WebhookMethod;
  /** Form fields with Twilio's names, already built by the caller. */
  params: Record<string, string>;
  kind: WebhookKind;
  /** MessageSid / CallSid. */
  resourceSid: string;
  /**
   * Deliveries of one resource on the same channel go out strictly in order; channels don't wait for each other
   * (a call's TwiML fetch never queues behind its own status callbacks). Default: the kind. `null`: not ordered
   * at all (Twilio does not promise callback order; a scenario can ask for that).
   */
  channel?: string | null;
}

export interface WebhookResult {
  /** Got a 2xx. */
  delivered: boolean;
  /** Final HTTP status, null when no response. */
  status: number | null;
  /** Response body (text), '' when none. */
  body: string;
  contentType: string | null;
  /** Alert code of the final attempt (see errors.ts); null when delivered. */
  errorCode: number | null;
  /** Logged attempts (an invalid URL is logged once without being requested). */
  attempts: number;
}

export interface DeliveryLogEntry {
  id: string;
  accountSid: string;
  kind: WebhookKind;
  resourceSid: string;
  /** As configured (with fragment). */
  url: string;
  /** What was requested: fragment removed; for GET, with params in the query. */
  requestUrl: string;
  method: WebhookMethod;
  params: Record<string, string>;
  signature: string;
  /** Same on every attempt of one delivery, different per delivery (the I-Twilio-Idempotency-Token header). */
  idempotencyToken: string;
  /** 1-based. */
  attempt: number;
  /** ISO time on the simulator clock when the attempt started. */
  at: string;
  status: number | null;
  /** Real elapsed time of the attempt (network I/O is not on the simulated timeline). */
  latencyMs: number;
  errorCode: number | null;
  errorMessage: string | null;
  /** First 2048 characters. */
  responseBody: string;
  /** Warnings about the delivery's URL, e.g. [11243] when a fragment override was invalid (defaults then apply). */
  warnings: number[];
}

export type RetryCondition = '4xx' | '5xx' | 'ct' | 'rt';

/** Connection settings of one delivery: Twilio's defaults, replaced by valid `#key=value` fragment overrides. */
export interface ConnectionOverrides {
  /** ct: ms to establish the TCP connection. */
  connectTimeoutMs: number;
  /** rt: ms to wait for the first response bytes, and between packets of the response. */
  readTimeoutMs: number;
  /** tt: ms for all attempts together. */
  totalTimeoutMs: number;
  /** rc: retries after the first attempt. */
  retryCount: number;
  /** rp: which failures are retried ('all' expanded). */
  retryOn: RetryCondition[];
  /** sni: send TLS Server Name Indication (https only). */
  sni: boolean;
  /** e: egress edges; recorded only, the simulator has one egress. */
  edges: string[];
}

export interface ParsedWebhookUrl {
  /** The URL without its fragment. */
  url: string;
  overrides: ConnectionOverrides;
  /** Alert codes for invalid overrides (11243, 11240); the defaults are used for those keys. */
  warnings: number[];
}

/** One HTTP attempt (http/https by default); injectable, e.g. for tests or for another protocol's handshake. */
export type WebhookTransport = (spec: AttemptSpec) => Promise<AttemptOutcome>;

export interface WebhookDispatcherOptions {
  clock: Clock;
  /**
   * The clock an account's deliveries belong to (default: `clock`). A virtual clock waits for its own accounts'
   * deliveries only, so one suite's slow receiver never stalls another suite's time.
   */
  clockOf?: (accountSid: string) => Clock;
  /** Default: a real request over node:http / node:https. */
  transport?: WebhookTransport;
  /** Default 'TwilioProxy/1.1'. */
  userAgent?: string;
  /** Default 10000; the oldest entries are dropped first. */
  maxLogEntries?: number;
  /**
   * Verify https receivers' certificates (default true, as Twilio does). Turn off for a local receiver with a
   * self-signed certificate, like Twilio's console setting "SSL certificate validation".
   */
  rejectUnauthorized?: boolean;
}

export interface DeliveryLogFilter {
  accountSid?: string;
  resourceSid?: string;
  kind?: string;
}
