// Shared set-up for the Calls end-to-end tests: every calls-*.test.ts file runs its cases once over the express
// transport and once over the msw handlers (behaviour must not depend on transport), with a webhook receiver on
// 127.0.0.1 that checks signatures with the official validateRequest, and helpers that read what a user can see:
// the REST resource, the status callbacks, the call's timeline and the debugger alerts.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { expressHarness, mswHarness, type SimHarness } from '../helpers/harness.js';
import { type Received, WebhookReceiver } from '../helpers/receiver.js';

export const TRANSPORTS: Array<[string, () => Promise<SimHarness>]> = [
  ['express', () => expressHarness()],
  ['msw', () => mswHarness()],
];

/** Numbers the default fixture account owns (voice capable), and people to call (ACMA's fiction range). */
export const FROM = '+61491570156';
export const FROM_2 = '+61491570157';
export const PERSON = '+61491570101';
export const XML = 'text/xml';
export const say = (text: string) => `<Response><Say>${text}</Say></Response>`;

export interface TimelineEntry {
  at: string;
  kind: string;
  name: string;
  detail?: Record<string, unknown>;
}

export interface CallsContext {
  readonly sim: SimHarness;
  readonly hooks: WebhookReceiver;
  /** Script how a number answers (POST /__sim/callees). */
  callee(to: string, script: Record<string, unknown>): Promise<void>;
  /** Status callbacks of one call, in arrival order. */
  statusCallbacks(callSid: string, path?: string): Received[];
  timeline(callSid: string): Promise<TimelineEntry[]>;
  alerts(): Promise<Array<{ code: number; resourceSid: string | null; message: string }>>;
  run(): Promise<void>;
}

export function callsContext(makeHarness: () => Promise<SimHarness>): CallsContext {
  let sim: SimHarness;
  let hooks: WebhookReceiver;
  beforeAll(async () => {
    sim = await makeHarness();
    hooks = await new WebhookReceiver(sim.accounts[0]!.authToken).start();
  });
  afterAll(async () => {
    await sim.stop();
    await hooks.stop();
  });
  beforeEach(async () => {
    expect((await sim.control('POST', '/__sim/reset')).status).toBe(200);
    hooks.received.length = 0;
  });
  return {
    get sim() {
      return sim;
    },
    get hooks() {
      return hooks;
    },
    async callee(to, script) {
      const answer = await sim.control('POST', '/__sim/callees', { to, ...script });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    },
    statusCallbacks: (callSid, path = '/status') => hooks.on(path).filter((r) => r.params.CallSid === callSid),
    async timeline(callSid) {
      const answer = await sim.control('GET', `/__sim/calls/${callSid}/timeline`);
      expect(answer.status).toBe(200);
      return answer.body.timeline as TimelineEntry[];
    },
    async alerts() {
      return (await sim.control('GET', '/__sim/alerts')).body.alerts;
    },
    run: () => sim.clock.runUntilIdle(),
  };
}

/** The SDK's RestException fields, or a failure when the request succeeded. */
export async function rejection(promise: Promise<unknown>): Promise<{ status: number; code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { status: number; code: number; message: string };
  }
  throw new Error('expected the request to be rejected');
}

/** The TwiML verbs a call acted out, in order (Say, Gather, Gather ended…). */
export const verbsOf = (timeline: TimelineEntry[]) => timeline.filter((e) => e.kind === 'verb').map((e) => e.name);
