// What the journal writes: one JSON line per state change, in the order the engine made them. Messages and numbers
// are written whole (a later line for the same SID replaces the earlier), so replay never has to know which field
// an event changed. `n` is how many SIDs had been drawn, so a restart with the same seed does not repeat them; `at`
// is the simulator's time, so a virtual clock resumes where it stood.
import type { EngineEvent } from '../kernel/events.js';
import type { OwnedNumber } from '../kernel/types.js';
import type { Message } from '../resources/messages/types.js';

interface Stamp {
  /** AccountSid. */
  a: string;
  n: number;
  at: number;
}

export type JournalRecord = Stamp &
  (
    | { t: 'message'; m: Message }
    | { t: 'message.deleted'; sid: string }
    | { t: 'opt-out'; number: string; person: string; out: boolean }
    | { t: 'number'; number: OwnedNumber }
    | { t: 'number.released'; sid: string }
    | { t: 'account.reset' }
  );

/** The record for an engine event, or undefined for events that change no kept state (alerts, call progress). */
export function recordOf(event: EngineEvent, stamp: Stamp): JournalRecord | undefined {
  switch (event.type) {
    case 'message.created':
    case 'message.status':
    case 'message.updated':
      return { ...stamp, t: 'message', m: event.message };
    case 'message.deleted':
      return { ...stamp, t: 'message.deleted', sid: event.sid };
    case 'message.opt-out':
      return { ...stamp, t: 'opt-out', number: event.number, person: event.person, out: event.optedOut };
    case 'number.updated':
      return { ...stamp, t: 'number', number: event.number };
    case 'number.released':
      return { ...stamp, t: 'number.released', sid: event.sid };
    case 'account.reset':
      return { ...stamp, t: 'account.reset' };
    default:
      return undefined;
  }
}
