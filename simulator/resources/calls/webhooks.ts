// Status callbacks of a call: only the events the app asked for (default `completed`), numbered by
// SequenceNumber from 0, signed, after the API response. Twilio does not promise their order; by default the
// simulator keeps it, and a callee scripted with callbackOrder 'shuffled' gets them in reverse order once the call
// has ended, so a receiver's sorting by SequenceNumber can be tested.
import type { Kernel } from '../../kernel/index.js';
import type { WebhookDispatcher, WebhookRequest } from '../../webhooks/index.js';
import { statusCallbackParams } from './callback-params.js';
import { CALL_LIFECYCLE } from './lifecycle.js';
import type { CalleeScript } from './scenarios.js';
import type { Call, CallEvent } from './types.js';

export function deliverCallStatusCallbacks(kernel: Kernel, dispatcher: WebhookDispatcher, callee: (call: Call) => CalleeScript): void {
  const held = new Map<string, WebhookRequest[]>();
  kernel.onAccountReset((accountSid) => {
    for (const [sid, requests] of held) if (requests[0]?.accountSid === accountSid) held.delete(sid);
  });

  kernel.events.on('call.initiated', ({ call }) => report(call, 'initiated'));
  kernel.events.on('call.status', ({ call, previous }) => {
    const event = CALL_LIFECYCLE[call.status].event;
    // A call canceled while still waiting in its CPS queue fires no status callback at all. Once it has left the
    // queue (`initiated` went out, startTime set) a cancel is reported like any other ending.
    if (event === null || (call.status === 'canceled' && previous === 'queued' && call.startTime === null)) return;
    report(call, event);
  });

  function report(call: Call, event: CallEvent): void {
    const account = kernel.accounts.get(call.accountSid);
    const shuffled = callee(call).callbackOrder === 'shuffled';
    if (account && call.statusCallback && call.statusCallbackEvents.includes(event)) {
      const request: WebhookRequest = {
        accountSid: call.accountSid,
        authToken: account.account.authToken,
        url: call.statusCallback,
        method: call.statusCallbackMethod,
        // Built now: by the time it goes out the call may have moved on.
        params: statusCallbackParams(call, event, call.callbacksSent++, kernel.clock.now()),
        kind: 'call-status',
        resourceSid: call.sid,
      };
      if (!shuffled) {
        // On the clock, so it leaves after the API response that caused it; a reset of the account drops it.
        kernel.timers.after(call.accountSid, 0, () => dispatcher.send(request));
        return;
      }
      held.set(call.sid, [...(held.get(call.sid) ?? []), request]);
    }
    // Shuffled: everything held goes out once the call has ended, whether or not its last event was asked for.
    if (!shuffled || CALL_LIFECYCLE[call.status].final !== true) return;
    const waiting = held.get(call.sid) ?? [];
    held.delete(call.sid);
    if (waiting.length > 0) kernel.timers.after(call.accountSid, 0, () => Promise.all(waiting.reverse().map((r) => dispatcher.send(r))));
  }
}
