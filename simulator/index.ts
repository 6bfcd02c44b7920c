// Programmatic entry points.
//   new Simulator() / createSimulator(): no port; for msw (`twilio-sim/msw`: `setupServer(...twilioHandlers(sim))`)
//   or direct use. msw's handlers live only in that entry, so this one never loads msw (an optional peer).
//   startSimulator(): the same served by express on 127.0.0.1, for the SDK's httpClient, curl, python, CI.
import { Simulator, type SimulatorOptions } from './app.js';
import { type ListeningSimulator, type StartOptions, serve } from './server.js';

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return new Simulator(options);
}

export function startSimulator(options: StartOptions = {}): Promise<ListeningSimulator> {
  return serve(new Simulator(options), options);
}

export { Simulator };
export type { SimulatorOptions, SimulatorAccount } from './app.js';
export type { StartOptions, ListeningSimulator } from './server.js';
export { VirtualClock, RealClock } from './kernel/clock.js';
export type { Clock } from './kernel/clock.js';
export type { Alert } from './kernel/alerts.js';
export { SimulatorControl } from './control/control.js';
export type { Phone, ReceivedSms, HistoryEntry } from './phones/phone.js';
export type { PhoneCall, Heard, HeardMatch } from './phones/phone-call.js';
export { PhoneExpectationError } from './phones/expectation-error.js';
