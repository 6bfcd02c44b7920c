// The call life cycle, as one table: every status, what moves a call on, after how long, and which status
// callback event it fires. `initiated` is not a status: it is the event Twilio sends when the call leaves its CPS
// queue (at `dialAt`) while the status still says queued; model.ts fires it on the same clock.
import type { LifecycleTable, Step } from '../../kernel/lifecycle.js';
import type { CalleeScript } from './scenarios.js';
import type { Call, CallEvent, CallStatus } from './types.js';

export interface CallTimings {
  /** Leaving the queue (initiated) → the callee's phone rings. */
  dialMs: number;
  /** Ringing → a busy signal comes back. */
  busyMs: number;
  /** Ringing → the network reports the call cannot go through. */
  failMs: number;
}

export const DEFAULT_CALL_TIMINGS: CallTimings = { dialMs: 1_000, busyMs: 2_000, failMs: 1_000 };

export interface CallLifecycleContext {
  timings: CallTimings;
  callee(call: Call): CalleeScript;
  now(call: Call): number;
  /** The last instant the simulator recorded anything of the call (its last status, timeline entry or update). */
  lastHeard(call: Call): number;
}

/** Outside triggers: an API update, the TwiML running out, the callee or the app hanging up. */
export const HANG_UP = 'hang-up';
export const CANCEL = 'cancel';
/** An inbound call's TwiML started (answer) or began with <Reject> (reject / reject-busy). */
export const ANSWER = 'answer';
export const REJECT = 'reject';
export const REJECT_BUSY = 'reject-busy';
/** An update changed the TimeLimit of an answered call. */
export const NEW_TIME_LIMIT = 'new-time-limit';
/**
 * The simulator restarted (`--data`) while the call was ringing or answered: the TwiML it was running and the
 * callee's line are gone, so it ends as a dropped line would — unanswered if it was ringing, completed at the last
 * instant it was heard of if it was answered. A queued call never dialled, so it simply resumes instead.
 */
export const LINE_DROPPED = 'line-dropped';

/** SIP codes Twilio reports on terminal callbacks. */
export const SIP = { ok: 200, busy: 486, requestTerminated: 487, declined: 603, notFound: 404 } as const;

type Row = { event: CallEvent | null };

function endOfAnsweredCall(call: Call, c: CallLifecycleContext): Step<CallStatus> {
  const hangUp = c.callee(call).hangUpAfterMs;
  const limitMs = call.timeLimitS * 1000;
  const answeredAt = call.answerTime ?? 0;
  return { to: 'completed', atMs: Math.max(c.now(call), answeredAt + (hangUp === null ? limitMs : Math.min(hangUp, limitMs))) };
}

export const CALL_LIFECYCLE: LifecycleTable<CallStatus, Call, CallLifecycleContext> & Record<CallStatus, Row> = {
  // Waits for its CPS slot (pacing.ts), then dials: `initiated` at dialAt, ringing dialMs later. Canceling now
  // ends it silently: a call canceled while queued fires no status callback at all.
  queued: {
    event: null,
    next: (call, c) => ({ to: 'ringing', atMs: call.dialAt + c.timings.dialMs }),
    on: { [CANCEL]: () => ({ to: 'canceled' }), [HANG_UP]: () => ({ to: 'canceled' }) },
  },
  // The callee decides; whatever they do, after Timeout the caller gives up (no-answer, SIP 487). An inbound
  // call rings at the app instead: its TwiML answers or rejects it.
  ringing: {
    event: 'ringing',
    next: (call, c) => {
      if (call.direction === 'inbound') return null;
      const callee = c.callee(call);
      const timeoutMs = call.timeoutS * 1000;
      const giveUp = { to: 'no-answer' as const, afterMs: timeoutMs };
      switch (callee.answer) {
        case 'answer':
          return callee.ringMs < timeoutMs ? { to: 'in-progress', afterMs: callee.ringMs } : giveUp;
        case 'busy':
          return { to: 'busy', afterMs: Math.min(c.timings.busyMs, timeoutMs) };
        case 'failed':
          return { to: 'failed', afterMs: c.timings.failMs };
        case 'reject':
          return callee.ringMs < timeoutMs ? { to: 'no-answer', afterMs: callee.ringMs } : giveUp;
        default:
          return giveUp;
      }
    },
    on: {
      [CANCEL]: () => ({ to: 'canceled' }),
      [HANG_UP]: () => ({ to: 'canceled' }),
      [ANSWER]: () => ({ to: 'in-progress' }),
      [REJECT]: () => ({ to: 'no-answer' }),
      [REJECT_BUSY]: () => ({ to: 'busy' }),
      [LINE_DROPPED]: (call, c) => ({ to: 'no-answer', happenedAt: c.lastHeard(call) }),
    },
  },
  // Answered: the TwiML runs (voice/), until it ends, the callee hangs up, or TimeLimit passes (counted from the
  // answer, so a TimeLimit changed by an update that has already passed ends the call at once).
  'in-progress': {
    event: 'answered',
    next: endOfAnsweredCall,
    on: {
      [HANG_UP]: () => ({ to: 'completed' }),
      [NEW_TIME_LIMIT]: endOfAnsweredCall,
      [LINE_DROPPED]: (call, c) => ({ to: 'completed', happenedAt: c.lastHeard(call) }),
    },
  },
  completed: { event: 'completed', final: true },
  busy: { event: 'completed', final: true },
  'no-answer': { event: 'completed', final: true },
  failed: { event: 'completed', final: true },
  canceled: { event: 'completed', final: true },
};

export const LIVE_STATUSES: ReadonlySet<CallStatus> = new Set(['queued', 'ringing', 'in-progress']);
