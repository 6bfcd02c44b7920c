// A simulator on the virtual clock with a call placed in process: the callee's script, the call's TwiML, and
// handles to advance time, read the timeline and alerts, and count open stream sockets.
import { createSimulator, type Simulator, type SimulatorOptions, type VirtualClock } from '../../../simulator/index.js';
import { CALL, calleeScript } from '../../../simulator/resources/calls/scenarios.js';
import type { Call } from '../../../simulator/resources/calls/types.js';

export const FROM = '+61491570156';
export const TO = '+61491570999';

export interface Rig {
  sim: Simulator;
  clock: VirtualClock;
  accountSid: string;
  /** Places a call whose callee answers at once; resolves once it is answered and its TwiML has started. */
  call(twiml: string, callee?: Record<string, unknown>): Promise<Call>;
  alerts(): number[];
  timeline(call: Call): string[];
  openSockets(): number;
  stop(): void;
}

export function streamRig(options: SimulatorOptions = {}): Rig {
  const sim = createSimulator({ clock: 'virtual', seed: 9, ...options });
  const clock = sim.clock as VirtualClock;
  const accountSid = sim.accounts[0]!.sid;
  const account = sim.kernel.accounts.get(accountSid)!;
  return {
    sim,
    clock,
    accountSid,
    async call(twiml, callee = {}) {
      sim.kernel.scenarios.set(accountSid, CALL, TO, calleeScript({ ringMs: 0, ...callee }));
      const call = sim.calls.service.create(account, { to: TO, from: FROM, twiml });
      for (let i = 0; i < 100 && call.status !== 'in-progress'; i++) await clock.advance(100);
      if (call.status !== 'in-progress') throw new Error(`the call did not answer: ${call.status}`);
      return call;
    },
    alerts: () => sim.kernel.alerts.list(accountSid).map((a) => a.code),
    timeline: (call) => sim.calls.service.timeline(account, call.sid).map((e) => e.name),
    openSockets: () => sim.mediaStreams.streams.openSockets(),
    stop: () => sim.dispose(),
  };
}

export const connectTwiml = (url: string, extra = '', after = '') =>
  `<Response><Connect><Stream url="${url}"${extra}/></Connect>${after}</Response>`;
