// Live Twilio as a target. Off unless CONTRACTS_LIVE=1 and TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN are set; the
// runner prints the maximum spend before any request and refuses when it exceeds CONTRACTS_MAX_SPEND.
// With Twilio's test credentials (CONTRACTS_LIVE_TEST_CREDENTIALS=1) only magic-number cases run and cost nothing.
import {
  NotAvailable,
  fetchServedOperations,
  sendForm,
  timeVars,
  type OutgoingRequest,
  type Target,
  type TargetResponse,
} from './target.js';

export interface LiveConfig {
  accountSid: string;
  authToken: string;
  testCredentials: boolean;
  apiKey?: { sid: string; secret: string };
  from?: string;
  to?: string;
  /** A Messaging Service of the live account (for the scheduling cases). */
  messagingServiceSid?: string;
  maxSpend: number;
  pricePerMessage: number;
  pricePerLookup: number;
}

export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/** Deliberately pessimistic per-request prices (USD), so a planned maximum spend is an upper bound. */
export const PESSIMISTIC_PRICES = { pricePerMessage: 0.1, pricePerLookup: 0.02 } as const;

export type LiveConfigResult = { ok: true; config: LiveConfig } | { ok: false; reason: string };

/** Reads the environment; never throws, never touches the network. */
export function liveConfig(env: NodeJS.ProcessEnv = process.env): LiveConfigResult {
  if (env.CONTRACTS_LIVE !== '1') return { ok: false, reason: 'CONTRACTS_LIVE is not 1' };
  const accountSid = env.TWILIO_ACCOUNT_SID ?? '';
  const authToken = env.TWILIO_AUTH_TOKEN ?? '';
  if (!ACCOUNT_SID.test(accountSid) || authToken === '') {
    return { ok: false, reason: 'TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are not set' };
  }
  const num = (v: string | undefined, fallback: number) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? fallback : Number(v));
  return {
    ok: true,
    config: {
      accountSid,
      authToken,
      testCredentials: env.CONTRACTS_LIVE_TEST_CREDENTIALS === '1',
      apiKey: env.TWILIO_API_KEY && env.TWILIO_API_SECRET ? { sid: env.TWILIO_API_KEY, secret: env.TWILIO_API_SECRET } : undefined,
      from: env.CONTRACTS_LIVE_FROM,
      messagingServiceSid: env.CONTRACTS_LIVE_MESSAGING_SERVICE,
      to: env.CONTRACTS_LIVE_TO,
      // Default 0: a live run that would spend anything must be allowed explicitly.
      maxSpend: num(env.CONTRACTS_MAX_SPEND, 0),
      pricePerMessage: num(env.CONTRACTS_PRICE_PER_MESSAGE, PESSIMISTIC_PRICES.pricePerMessage),
      pricePerLookup: num(env.CONTRACTS_PRICE_PER_LOOKUP, PESSIMISTIC_PRICES.pricePerLookup),
    },
  };
}

const HOSTS = /^https:\/\/(api|lookups)\.twilio\.com\//;
const TEST_CREDENTIAL_PATHS = /\/Accounts\/[^/]+\/(Messages|Calls|IncomingPhoneNumbers)\.json$/;

/**
 * `rehearsal.baseUrl` sends every request to a stand-in (the simulator on 127.0.0.1) instead of Twilio, so the
 * live path — case selection, auth modes, spend plan, request building — is exercised offline before a real run.
 */
export function createLiveTarget(config: LiveConfig, rehearsal?: { baseUrl: string }): Target {
  const vars: Target['vars'] = {
    ...timeVars(() => Date.now()),
    'messagingService.sid': config.messagingServiceSid ?? '',
    'account.sid': config.accountSid,
    'account.otherSid': '',
    'from.magic': '+15005550006',
    'from.sms': config.testCredentials ? '+15005550006' : (config.from ?? ''),
    'from.sms2': '',
    'from.voiceOnly': '',
    'to.mobile': config.to ?? '',
    'to.mobile2': '',
    'to.mobile3': '',
    'owned.sms': config.testCredentials ? '' : (config.from ?? ''),
    'owned.other': '',
  };
  return {
    // A stand-in is reported as what it is: its results say nothing about Twilio itself.
    name: rehearsal ? 'stand-in' : 'live',
    description: `${rehearsal ? `stand-in at ${rehearsal.baseUrl}, driven as ` : ''}live Twilio (${config.testCredentials ? 'test credentials' : 'live credentials'})`,
    capabilities: {
      clock: false,
      scenarios: false,
      inbound: false,
      // A public callback URL would need a tunnel; the suite's receiver listens on 127.0.0.1 only.
      webhooks: false,
      magicNumbers: config.testCredentials,
      spends: !config.testCredentials,
      secondAccount: false,
      apiKey: Boolean(config.apiKey),
      sandbox: false,
    },
    vars,
    async send(request: OutgoingRequest): Promise<TargetResponse> {
      if (!HOSTS.test(request.url)) throw new Error(`live target only calls Twilio's API hosts, not ${request.url}`);
      // Twilio's test credentials only create Messages, Calls and IncomingPhoneNumbers; everything else is 403.
      if (config.testCredentials && !(request.method === 'POST' && TEST_CREDENTIAL_PATHS.test(new URL(request.url).pathname))) {
        throw new NotAvailable(`${request.method} ${request.operationId}`, 'not available with Twilio test credentials');
      }
      const url = rehearsal ? request.url.replace(HOSTS, `${rehearsal.baseUrl}/`) : request.url;
      return sendForm(request, url, {
        main: { user: config.accountSid, password: config.authToken },
        apiKey: config.apiKey && { user: config.apiKey.sid, password: config.apiKey.secret },
      });
    },
    // Live Twilio serves everything; a rehearsal stand-in says what it serves, so unserved cases stay pending.
    async servedOperations() {
      return rehearsal ? fetchServedOperations(rehearsal.baseUrl) : null;
    },
    async close() {},
  };
}
