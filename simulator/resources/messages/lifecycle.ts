// The message life cycle, as one table: every status, what moves a message on from it, after how long, and
// whether Twilio reports it to the StatusCallback. Delays are the simulated network's (MessageTimings, README).
import type { LifecycleTable } from '../../kernel/lifecycle.js';
import type { SmsScenario } from './scenarios.js';
import type { Message, MessageStatus } from './types.js';

/** Delays of the simulated network, in ms. Documented in the README; overridable per simulator. */
export interface MessageTimings {
  /** sending → sent: the carrier accepts the message. */
  sendLatencyMs: number;
  /** sent → delivered/undelivered: the handset's delivery receipt. */
  deliveryReceiptMs: number;
  /** queued → failed, for messages that never leave Twilio (counted from when the sender takes them). */
  failLatencyMs: number;
  /** sent → delivered for the `slow` scenario, unless the scenario gives its own delay. */
  slowDeliveryMs: number;
}

export const DEFAULT_TIMINGS: MessageTimings = {
  sendLatencyMs: 200,
  deliveryReceiptMs: 1_500,
  failLatencyMs: 200,
  slowDeliveryMs: 60_000,
};

export interface MessageLifecycleContext {
  timings: MessageTimings;
  scenario(message: Message): SmsScenario;
}

/** Triggers from outside the table. */
export const SENDER_TOOK_IT = 'sender-took-it';
export const CANCEL = 'cancel';

/**
 * `callback`: whether Twilio posts this status to the message's StatusCallback. Never for `sending`; for `queued`
 * only when a Messaging Service moved the message there from accepted/scheduled (the policy checks the previous
 * status); never for the first status a message is created with.
 */
export const MESSAGE_LIFECYCLE: LifecycleTable<MessageStatus, Message, MessageLifecycleContext> &
  Record<MessageStatus, { callback: boolean }> = {
  // A Messaging Service picks a sender at once.
  accepted: { callback: false, next: () => ({ to: 'queued', afterMs: 0 }) },
  // …or at SendAt; canceling is an API update.
  scheduled: { callback: false, next: (m) => ({ to: 'queued', atMs: m.sendAt ?? 0 }), on: { [CANCEL]: () => ({ to: 'canceled' }) } },
  // Waits for its sender (1 segment/s, sender-queue.ts). If its ValidityPeriod lapses first: failed 30001.
  queued: {
    callback: true,
    next: (m) => ({ to: 'failed', atMs: (m.queuedAt ?? 0) + m.validityPeriodS * 1000, errorCode: 30001 }),
    on: {
      // A message that fails never left Twilio: queued → failed, without passing through sending.
      [SENDER_TOOK_IT]: (m, c) => {
        const s = c.scenario(m);
        return s.outcome === 'failed'
          ? { to: 'failed', afterMs: c.timings.failLatencyMs, errorCode: s.errorCode ?? 30008 }
          : { to: 'sending' };
      },
    },
  },
  sending: { callback: false, next: (_m, c) => ({ to: 'sent', afterMs: c.timings.sendLatencyMs }) },
  sent: {
    callback: true,
    next: (m, c) => {
      const s = c.scenario(m);
      if (s.outcome === 'never') return null;
      if (s.outcome === 'undelivered') return { to: 'undelivered', afterMs: c.timings.deliveryReceiptMs, errorCode: s.errorCode ?? 30003 };
      return { to: 'delivered', afterMs: s.outcome === 'slow' ? (s.delayMs ?? c.timings.slowDeliveryMs) : c.timings.deliveryReceiptMs };
    },
  },
  delivered: { callback: true, final: true },
  undelivered: { callback: true, final: true },
  failed: { callback: true, final: true },
  canceled: { callback: true, final: true },
  // Inbound and channel-only statuses: the simulator creates them final.
  received: { callback: false, final: true },
  receiving: { callback: false },
  read: { callback: false, final: true },
};
