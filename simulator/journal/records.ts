// What the journal writes: one JSON line per state change, in the order the engine made them. Messages, calls,
// numbers and accounts are written whole (a later line for the same SID replaces the earlier), so replay never has
// to know which field an event changed. `n` is how many SIDs had been drawn, so a restart with the same seed does
// not repeat them; `at` is the account's own time (its own virtual clock's, or the shared one's), so each clock
// resumes where it stood.
import type { AccountState } from '../kernel/accounts.js';
import type { EngineEvent } from '../kernel/events.js';
import type { Account, OwnedNumber } from '../kernel/types.js';
import { CALLS, type TimelineEntry } from '../resources/calls/store.js';
import type { Call } from '../resources/calls/types.js';
import type { Message } from '../resources/messages/types.js';

export interface Stamp {
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
    /** A subaccount made, or an account's name or status changed. */
    | { t: 'account'; account: KeptAccount }
    /** The account runs on a virtual clock of its own, which resumes at its latest `at`. */
    | { t: 'clock' }
    | { t: 'call'; c: Call }
    | { t: 'call.deleted'; sid: string }
    | { t: 'call.note'; sid: string; e: TimelineEntry }
  );

/**
 * What is kept of an account: what the API can change, and a subaccount's credentials (made by the simulator, so
 * only the journal has them). A fixture account's token and API keys stay in the fixtures, not on disk here.
 */
export type KeptAccount = Pick<Account, 'sid' | 'friendlyName' | 'ownerSid' | 'status' | 'dateCreated' | 'dateUpdated'> & {
  authToken?: string;
};

export function keptAccount(account: Account): KeptAccount {
  const { sid, friendlyName, ownerSid, status, dateCreated, dateUpdated } = account;
  const kept: KeptAccount = { sid, friendlyName, ownerSid, status, dateCreated, dateUpdated };
  if (ownerSid !== sid) kept.authToken = account.authToken;
  return kept;
}

/**
 * The record for an engine event, or undefined for events that change no kept state (alerts, streams, webhook
 * attempts). `account` finds an account's current state, for events that only name it.
 */
export function recordOf(event: EngineEvent, stamp: Stamp, account: (sid: string) => AccountState | undefined): JournalRecord | undefined {
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
    case 'account.created':
    case 'account.updated': {
      const state = account(event.accountSid);
      return state && { ...stamp, t: 'account', account: keptAccount(state.account) };
    }
    case 'account.clock':
      return { ...stamp, t: 'clock' };
    case 'call.created':
    case 'call.initiated':
    case 'call.status':
    case 'call.redirected':
    case 'call.updated':
      return { ...stamp, t: 'call', c: event.call };
    case 'call.deleted':
      return { ...stamp, t: 'call.deleted', sid: event.sid };
    case 'call.timeline': {
      // Only what the call's timeline kept: past its cap (a runaway TwiML loop) entries are dropped, here too.
      const kept = account(event.accountSid)?.slot(CALLS).timeline(event.callSid);
      return kept?.at(-1) === event.entry ? { ...stamp, t: 'call.note', sid: event.callSid, e: event.entry } : undefined;
    }
    default:
      return undefined;
  }
}
