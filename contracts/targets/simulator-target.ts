// The simulator as a target: started in-process on 127.0.0.1 (random port, virtual clock) through its public
// entry, then driven over HTTP only — Twilio routes for the cases, /__sim/* for clock, scenarios and injection.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator } from '../../simulator/index.js';
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

export interface SimulatorTargetOptions {
  fixturesDir?: string;
}

/** The default account's first API key, read from the fixtures data (the public entry doesn't expose keys). */
interface DefaultAccountFixture {
  apiKeys?: Array<{ sid: string; secret: string }>;
  messagingServices?: Array<{ sid: string }>;
}

/** The default account as fixtures/accounts.json describes it (API key, Messaging Service). */
function defaultAccountFixture(fixturesDir: string | undefined): DefaultAccountFixture {
  const file = fixturesDir ? path.join(fixturesDir, 'accounts.json') : new URL('../../fixtures/accounts.json', import.meta.url);
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { accounts: DefaultAccountFixture[] };
    return data.accounts[0] ?? {};
  } catch {
    return {};
  }
}

export async function createSimulatorTarget(options: SimulatorTargetOptions = {}): Promise<Target> {
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', clock: 'virtual', fixturesDir: options.fixturesDir });
  const receiver = new WebhookReceiver();
  await receiver.start();
  const [main, other] = sim.accounts;
  if (!main) throw new Error('the simulator started without accounts');
  const mainAuth = basicAuth(main.sid, main.authToken);
  const fixture = defaultAccountFixture(options.fixturesDir);
  const apiKey = fixture.apiKeys?.[0];

  const control = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: { authorization: mainAuth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator control ${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  const smsNumbers = main.numbers.filter((n) => n.startsWith('+614'));
  const vars: Target['vars'] = {
    ...timeVars(() => sim.clock.now()),
    'messagingService.sid': fixture.messagingServices?.[0]?.sid ?? '',
    'account.sid': main.sid,
    'account.otherSid': other?.sid ?? '',
    'from.sms': smsNumbers[0] ?? main.numbers[0] ?? '',
    'from.sms2': smsNumbers[1] ?? '',
    'from.magic': '+15005550006',
    'from.voiceOnly': main.numbers.find((n) => n.startsWith('+612')) ?? '',
    'to.mobile': AU_RECIPIENTS[0]!,
    'to.mobile2': AU_RECIPIENTS[1]!,
    'to.mobile3': AU_RECIPIENTS[2]!,
    'owned.sms': smsNumbers[0] ?? '',
    'owned.other': other?.numbers[0] ?? '',
    'webhook.base': receiver.base,
  };

  const target: Target = {
    name: 'simulator',
    description: `simulator at ${sim.url} (virtual clock)`,
    capabilities: {
      clock: true,
      scenarios: true,
      inbound: true,
      webhooks: true,
      magicNumbers: true,
      spends: false,
      secondAccount: Boolean(other),
      apiKey: Boolean(apiKey),
      sandbox: true,
    },
    vars,
    async send(request: OutgoingRequest): Promise<TargetResponse> {
      return sendForm(request, rebase(request.url, sim.url), {
        main: { user: main.sid, password: main.authToken },
        apiKey: apiKey && { user: apiKey.sid, password: apiKey.secret },
        otherAccount: other && { user: other.sid, password: other.authToken },
      });
    },
    async servedOperations() {
      return fetchServedOperations(sim.url);
    },
    async reset() {
      await control('POST', '/__sim/reset');
      receiver.clear();
    },
    async runUntilIdle() {
      await control('POST', '/__sim/clock/run-until-idle');
    },
    async advance(ms: number) {
      await control('POST', '/__sim/clock/advance', { ms });
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
    signingToken: () => main.authToken,
    async close() {
      await receiver.stop();
      await sim.stop();
    },
  };
  return target;
}
