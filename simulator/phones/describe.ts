// Plain-language accounts of what a device saw, for failure messages a person can act on: what arrived and when,
// and what a call was doing (its status and its last few steps) when the test tried something.
import type { TimelineEntry } from '../resources/calls/store.js';
import type { Call } from '../resources/calls/types.js';
import type { Message } from '../resources/messages/types.js';

/** Time of day on the simulator's clock, as its logs show it. */
export const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 23);

const quote = (text: string, max = 80) => JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function describeMessage(m: Message): string {
  const media = m.media.length > 0 ? ` with ${m.media.length} media` : '';
  return `${clockTime(m.dateUpdated)} from ${m.from ?? '(a messaging service)'}: ${quote(m.body)}${media}`;
}

function describeEntry(e: TimelineEntry, since: number): string {
  const at = `+${((e.at - since) / 1000).toFixed(1)} s`;
  const d = e.detail ?? {};
  if (e.kind === 'verb' && e.name === 'Say') return `${at} <Say> ${quote(String(d.text ?? ''))}`;
  if (e.kind === 'verb' && e.name === 'Play') return `${at} <Play> ${String(d.url ?? '')}`;
  if (e.kind === 'verb' && e.name === 'Gather') return `${at} <Gather input="${String(d.input ?? '')}">`;
  if (e.kind === 'verb') return `${at} <${e.name}>`;
  if (e.kind === 'request') return `${at} asked ${String(d.url ?? '')} for TwiML (HTTP ${String(d.status ?? '—')})`;
  if (e.kind === 'callee')
    return `${at} the person ${e.name} ${quote(String(d.digits ?? d.speech ?? ''))}${d.heard === false ? ' (nothing heard it)' : ''}`;
  if (e.kind === 'event' && e.name === 'hang-up') return `${at} hung up: ${String(d.reason ?? '')}`;
  if (e.kind === 'alert') return `${at} error ${e.name}: ${String(d.reason ?? '')}`;
  return `${at} ${e.kind} ${e.name}`;
}

/** The call's status and its last steps, newest last. */
export function describeCall(call: Call, timeline: readonly TimelineEntry[], last = 6): string {
  const steps = timeline.filter((e) => e.kind !== 'status').slice(-last);
  const story =
    steps.length === 0
      ? 'nothing has happened on it yet'
      : `its last steps:\n    ${steps.map((e) => describeEntry(e, call.dateCreated)).join('\n    ')}`;
  return `call ${call.sid} (${call.from} → ${call.to}) is ${call.status}; ${story}`;
}
