// One simulator behind either transport, with the same handles for tests: the official SDK per account, the
// virtual clock, and the control API. Suites written against SimHarness run on express and on msw alike.
import { setupServer } from 'msw/node';
import twilio from 'twilio';
import { MSW_CONTROL_ORIGIN, twilioHandlers } from '../../simulator/msw/index.js';
import { createSimulator, startSimulator, type VirtualClock, type SimulatorAccount, type StartOptions } from '../../simulator/index.js';
import { controlAt } from './control.js';
import { sdkAt, type TwilioSdk } from './sdk.js';

export interface SimHarness {
  transport: 'express' | 'msw';
  clock: VirtualClock;
  accounts: SimulatorAccount[];
  sdk(account?: SimulatorAccount): TwilioSdk;
  sdkWith(username: string, password: string, accountSid?: string): TwilioSdk;
  control(method: string, path: string, body?: unknown, account?: SimulatorAccount): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

function controlVia(origin: string, defaultAccount: SimulatorAccount): SimHarness['control'] {
  return (method, path, body, account = defaultAccount) => controlAt(origin, account, method, path, body);
}

export async function expressHarness(options: StartOptions = {}): Promise<SimHarness> {
  const sim = await startSimulator({ port: 0, clock: 'virtual', ...options });
  const main = sim.accounts[0]!;
  return {
    transport: 'express',
    clock: sim.clock as VirtualClock,
    accounts: sim.accounts,
    sdk: (account = main) => sdkAt(sim.url, account.sid, account.authToken),
    sdkWith: (user, pass, accountSid) => sdkAt(sim.url, user, pass, accountSid),
    control: controlVia(sim.url, main),
    stop: () => sim.stop(),
  };
}

export async function mswHarness(options: StartOptions = {}): Promise<SimHarness> {
  const sim = createSimulator({ clock: 'virtual', ...options });
  const server = setupServer(...twilioHandlers(sim));
  // Webhook receivers on 127.0.0.1 are real servers: let those requests through untouched.
  server.listen({ onUnhandledRequest: 'bypass' });
  const main = sim.accounts[0]!;
  return {
    transport: 'msw',
    clock: sim.clock as VirtualClock,
    accounts: sim.accounts,
    sdk: (account = main) => twilio(account.sid, account.authToken),
    sdkWith: (user, pass, accountSid) => twilio(user, pass, { accountSid }),
    control: controlVia(MSW_CONTROL_ORIGIN, main),
    async stop() {
      server.close();
    },
  };
}
