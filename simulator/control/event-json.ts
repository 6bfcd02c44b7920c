// Engine events as JSON for the /__sim/events stream: resources in Twilio's wire shape, plus the simulated time.
import type { EngineEvent } from '../kernel/events.js';
import type { DeliveryLogEntry } from '../webhooks/index.js';
import { serializeNumber } from '../resources/numbers/serializer.js';
import { serializeMessage } from '../resources/messages/serializer.js';
import { serializeCall } from '../resources/calls/serializer.js';

export type StreamEvent = EngineEvent | { type: 'webhook.attempt'; accountSid: string; delivery: DeliveryLogEntry };

export function eventJson(event: StreamEvent, nowMs: number): Record<string, unknown> {
  const at = new Date(nowMs).toISOString();
  switch (event.type) {
    case 'message.created':
    case 'message.updated':
      return { type: event.type, at, accountSid: event.accountSid, message: serializeMessage(event.message) };
    case 'message.status':
      return { type: event.type, at, accountSid: event.accountSid, previous: event.previous, message: serializeMessage(event.message) };
    case 'number.updated':
      return { type: event.type, at, accountSid: event.accountSid, number: serializeNumber(event.number) };
    case 'call.created':
    case 'call.initiated':
    case 'call.redirected':
    case 'call.updated':
      return { type: event.type, at, accountSid: event.accountSid, call: serializeCall(event.call) };
    case 'call.status':
      return { type: event.type, at, accountSid: event.accountSid, previous: event.previous, call: serializeCall(event.call) };
    case 'call.timeline':
      return {
        type: event.type,
        at,
        accountSid: event.accountSid,
        callSid: event.callSid,
        entry: { ...event.entry, at: new Date(event.entry.at).toISOString() },
      };
    case 'call.stream':
      return { type: event.type, at, accountSid: event.accountSid, callSid: event.call.sid, mode: event.mode, stream: event.stream };
    default:
      return { ...event, at };
  }
}

/** Which account may see an event; null for events every account sees (a reset). */
export function eventAccount(event: StreamEvent): string | null {
  return 'accountSid' in event ? event.accountSid : null;
}
