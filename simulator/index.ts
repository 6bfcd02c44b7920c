// Programmatic entry points.
//   createSimulator(): no port, for msw (`setupServer(...sim.handlers())`) or direct use.
//   startSimulator():  the express transport on 127.0.0.1, for the SDK's httpClient, curl, python, CI.
import { twilioHandlers } from './msw/index.js';
import { createSimulatorCore, type SimulatorCore, type SimulatorOptions } from './core.js';
import { serve, type ServedSimulator, type StartOptions } from './server.js';

export interface Simulator extends SimulatorCore {
  /** msw v2 handlers serving https://*.twilio.com and the control API at http://twilio-sim.invalid. */
  handlers(): ReturnType<typeof twilioHandlers>;
}

export type RunningSimulator = Simulator & ServedSimulator;

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const core = createSimulatorCore(options);
  return { ...core, handlers: () => twilioHandlers(core.runtime) };
}

export function startSimulator(options: StartOptions = {}): Promise<RunningSimulator> {
  return serve(createSimulator(options), options);
}

export type { SimulatorOptions, SimulatorAccount, SimulatorCore } from './core.js';
export type { StartOptions, ServedSimulator } from './server.js';
export { VirtualClock, RealClock } from './engine/clock.js';
export type { Clock } from './engine/clock.js';
export { SimulatorRuntime, type Alert } from './runtime.js';
export { SimulatorControl } from './control.js';
export { twilioHandlers, MSW_CONTROL_ORIGIN } from './msw/index.js';
