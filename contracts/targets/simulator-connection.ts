// A running twilio-sim as a target, from its URL and credentials (a simulator in CI, in Docker, `npx twilio-sim`),
// driven over HTTP only: Twilio routes for the cases, /__sim/* for clock, scenarios and injection. It imports nothing
// of the simulator, so `twilio-sim/contracts` can drive one without loading it.
import { WebhookReceiver } from './webhook-receiver.js';
import {
  basicAuth,
  fetchServedOperations,
  rebase,
  sendForm,
  timeVars,
  type CapturedWebhook,
  type OutgoingRequest,
  type Target,
  type TargetResponse,
} from './target.js';

/** Recipients from ACMA's range of mobile numbers reserved for fiction, not owned by any simulator account. */
const AU_RECIPIENTS = ['+61491570110', '+61491570313', '+61491570737'];

export interface SimulatorConnection {
  /** The simulator's origin, e.g. http://127.0.0.1:4010. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** A second account of the same simulator, for the isolation cases (skipped without it). */
  otherAccount?: { sid: string; token: string };
  /** An API key of the main account, for the API-key auth case (skipped without it). */
  apiKey?: { sid: string; secret: string };
  /** A Messaging Service of the main account, for the scheduling cases (skipped without it). */
  messagingServiceSid?: string;
  /** Host name the simulator calls the suite's webhook receiver on, e.g. host.docker.internal. Default 127.0.0.1. */
  webhookHost?: string;
  /** Address the webhook receiver listens on. Default 127.0.0.1. */
  webhookListenHost?: string;
}

interface Health {
  clock: 'virtual' | 'real';
}

/** What GET /__sim/health answers when `baseUrl` is a twilio-sim; undefined for anything else (or nothing at all). */
export async function probeSimulator(baseUrl: string): Promise<Health | undefined> {
  try {
    const res = await fetch(`${baseUrl}/__sim/health`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { service?: unknown; clock?: unknown };
    return body.service === 'twilio-sim' && (body.clock === 'virtual' || body.clock === 'real') ? { clock: body.clock } : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON request with the account's Basic auth; a non-2xx answer is an error that quotes it. */
async function callJson(baseUrl: string, auth: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator ${method} ${route} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The phone numbers an account owns, from the REST IncomingPhoneNumbers list (one page is plenty for a suite). */
async function ownedNumbers(baseUrl: string, sid: string, token: string): Promise<string[]> {
  const route = `/2010-04-01/Accounts/${sid}/IncomingPhoneNumbers.json?PageSize=1000`;
  const data = (await callJson(baseUrl, basicAuth(sid, token), 'GET', route)) as {
    incoming_phone_numbers: Array<{ phone_number: string }>;
  };
  return data.incoming_phone_numbers.map((n) => n.phone_number);
}

export async function connectSimulatorTarget(connection: SimulatorConnection): Promise<Target> {
  const baseUrl = connection.baseUrl.replace(/\/+$/, '');
  const health = await probeSimulator(baseUrl);
  if (!health) throw new Error(`${baseUrl} does not answer GET /__sim/health as a twilio-sim`);
  const { accountSid, authToken, otherAccount, apiKey } = connection;
  const mainAuth = basicAuth(accountSid, authToken);
  const control = (method: 'GET' | 'POST', route: string, body?: unknown) => callJson(baseUrl, mainAuth, method, route, body);

  // The account's clock as last reported; control answers carry it, so time-relative values follow every move.
  // On a real clock it is read once and then runs with the wall.
  let clock = (await control('GET', '/__sim/clock')) as { kind: 'virtual' | 'real'; nowMs: number };
  const readAt = Date.now();
  const track = (answer: unknown) => {
    const reported = answer as { nowMs?: unknown } | undefined;
    if (typeof reported?.nowMs === 'number') clock = { ...clock, nowMs: reported.nowMs };
  };
  const virtual = clock.kind === 'virtual';
  const now = () => (virtual ? clock.nowMs : clock.nowMs + (Date.now() - readAt));

  const numbers = await ownedNumbers(baseUrl, accountSid, authToken);
  const otherNumbers = otherAccount ? await ownedNumbers(baseUrl, otherAccount.sid, otherAccount.token) : [];
  const receiver = new WebhookReceiver({ listenHost: connection.webhookListenHost, publicHost: connection.webhookHost });
  await receiver.start();

  const smsNumbers = numbers.filter((n) => n.startsWith('+614'));
  const vars: Target['vars'] = {
    ...timeVars(now),
    'messagingService.sid': connection.messagingServiceSid ?? '',
    'account.sid': accountSid,
    'account.otherSid': otherAccount?.sid ?? '',
    'from.sms': smsNumbers[0] ?? numbers[0] ?? '',
    'from.sms2': smsNumbers[1] ?? '',
    'from.magic': '+15005550006',
    'from.voiceOnly': numbers.find((n) => n.startsWith('+612')) ?? '',
    'to.mobile': AU_RECIPIENTS[0]!,
    'to.mobile2': AU_RECIPIENTS[1]!,
    'to.mobile3': AU_RECIPIENTS[2]!,
    'owned.sms': smsNumbers[0] ?? '',
    'owned.other': otherNumbers[0] ?? '',
    'webhook.base': receiver.base,
  };

  return {
    name: 'simulator',
    description: `simulator at ${baseUrl} (${virtual ? 'virtual clock' : 'real clock: cases that move time are skipped'})`,
    capabilities: {
      clock: virtual,
      scenarios: true,
      inbound: true,
      webhooks: true,
      magicNumbers: true,
      spends: false,
      secondAccount: Boolean(otherAccount),
      apiKey: Boolean(apiKey),
      sandbox: true,
    },
    vars,
    async send(request: OutgoingRequest): Promise<TargetResponse> {
      return sendForm(request, rebase(request.url, baseUrl), {
        main: { user: accountSid, password: authToken },
        apiKey: apiKey && { user: apiKey.sid, password: apiKey.secret },
        otherAccount: otherAccount && { user: otherAccount.sid, password: otherAccount.token },
      });
    },
    async servedOperations() {
      return fetchServedOperations(baseUrl);
    },
    async reset() {
      track(await control('POST', '/__sim/reset'));
      receiver.clear();
    },
    async runUntilIdle() {
      track(await control('POST', '/__sim/clock/run-until-idle'));
    },
    async advance(ms: number) {
      track(await control('POST', '/__sim/clock/advance', { ms }));
    },
    async scenario(to: string, outcome: string, errorCode?: number) {
      await control('POST', '/__sim/scenarios', { to, outcome, ...(errorCode === undefined ? {} : { errorCode }) });
    },
    async inbound(from: string, to: string, body: string) {
      await control('POST', '/__sim/messages/inbound', { from, to, body });
    },
    webhookBase: () => receiver.base,
    webhooks: (): CapturedWebhook[] => receiver.received,
    async deliveries(resourceSid: string) {
      const data = (await control('GET', `/__sim/webhooks?resourceSid=${encodeURIComponent(resourceSid)}`)) as {
        deliveries: Array<{ url: string; params: Record<string, string> }>;
      };
      return data.deliveries.map((d) => ({ url: d.url, params: d.params }));
    },
    signingToken: () => authToken,
    async close() {
      await receiver.stop();
    },
  };
}
