// Keeping state across restarts (`--data DIR`): the engine's events, written as they happen and read back at start.
// What is kept: messages (every status, so those in flight resume their timers), calls and their timelines,
// opt-outs, numbers' settings and releases, subaccounts (with their own clocks) and account resets. Not kept:
// scenarios, faults, sender rates and CPS, the webhook delivery log and alerts. At start the journal is replayed,
// then compacted (one line per live record) so it does not grow without end across restarts.
import fs from 'node:fs';
import type { AccountState } from '../kernel/accounts.js';
import type { Kernel } from '../kernel/index.js';
import type { CallService } from '../resources/calls/model.js';
import type { MessageService } from '../resources/messages/model.js';
import { CALLS } from '../resources/calls/store.js';
import { MESSAGES } from '../resources/messages/store.js';
import { JournalWriter, journalPath, readJournal, rewriteJournal } from './journal-file.js';
import { type JournalRecord, type KeptAccount, keptAccount, recordOf, type Stamp } from './records.js';

export interface JournaledServices {
  messages: MessageService;
  calls: CallService;
}

export interface Journal {
  /** The latest time the shared clock recorded (a virtual clock starts there), or null for an empty journal. */
  readonly lastTime: number | null;
  /** Apply what was recorded, resume what was in flight, compact, then record every change from now on. */
  start(kernel: Kernel, services: JournaledServices): void;
  close(): void;
}

export function openJournal(dir: string, warn: (message: string) => void = defaultWarn): Journal {
  fs.mkdirSync(dir, { recursive: true });
  const file = journalPath(dir);
  let records = readJournal(file, warn) as JournalRecord[];
  // Each account's latest time: an account on its own clock resumes at its own; the shared clock at the latest of
  // everyone else's.
  const ownClocks = new Set(records.filter((r) => r.t === 'clock').map((r) => r.a));
  const latest = new Map<string, number>();
  let lastTime: number | null = null;
  for (const r of records) {
    if (typeof r.at !== 'number') continue;
    latest.set(r.a, Math.max(latest.get(r.a) ?? r.at, r.at));
    if (!ownClocks.has(r.a) && (lastTime === null || r.at > lastTime)) lastTime = r.at;
  }
  let writer: JournalWriter | undefined;
  let unsubscribe: (() => void) | undefined;
  return {
    lastTime,
    start(kernel, services) {
      let drawn = 0;
      for (const record of records) {
        drawn = Math.max(drawn, record.n ?? 0);
        apply(kernel, services, record, { ownTime: (sid) => latest.get(sid) ?? kernel.clock.now(), warn });
      }
      kernel.sids.skipTo(drawn);
      for (const account of kernel.accounts.all()) {
        services.messages.resume(account);
        services.calls.resume(account);
      }
      // Always, even for a new journal: the snapshot names the accounts on their own clocks from the start.
      rewriteJournal(file, snapshot(kernel, drawn));
      records = [];
      writer = new JournalWriter(file);
      const out = writer;
      const account = (sid: string) => kernel.accounts.get(sid);
      unsubscribe = kernel.events.subscribe((event) => {
        const a = 'accountSid' in event ? event.accountSid : '';
        const record = recordOf(event, { a, n: kernel.sids.drawn, at: a ? kernel.now(a) : kernel.clock.now() }, account);
        if (record) out.append(JSON.stringify(record));
      });
    },
    close() {
      unsubscribe?.();
      writer?.close();
    },
  };
}

interface ReplayContext {
  ownTime(accountSid: string): number;
  warn(message: string): void;
}

function apply(kernel: Kernel, services: JournaledServices, record: JournalRecord, context: ReplayContext): void {
  // A subaccount's record makes it again, so it comes before the look-up.
  if (record.t === 'account') return applyAccount(kernel, record.account, context.warn);
  const account = kernel.accounts.get(record.a);
  if (!account) {
    context.warn(`journal names account ${record.a}, which neither the fixtures nor the journal define; its record is skipped`);
    return;
  }
  switch (record.t) {
    case 'message':
      services.messages.restore(account, record.m);
      break;
    case 'message.deleted':
      services.messages.forget(account, record.sid);
      break;
    case 'opt-out': {
      const optOuts = account.slot(MESSAGES).optOuts;
      const key = `${record.number}|${record.person}`;
      if (record.out) optOuts.add(key);
      else optOuts.delete(key);
      break;
    }
    case 'number':
      account.numbers.set(record.number.sid, record.number);
      break;
    case 'number.released':
      account.numbers.delete(record.sid);
      break;
    case 'account.reset':
      kernel.resetAccount(record.a);
      break;
    case 'clock':
      kernel.restoreOwnClock(record.a, context.ownTime(record.a));
      break;
    case 'call':
      services.calls.restore(account, record.c);
      break;
    case 'call.deleted':
      services.calls.forget(account, record.sid);
      break;
    case 'call.note':
      services.calls.box(account).note(record.sid, record.e);
      break;
  }
}

function applyAccount(kernel: Kernel, recorded: KeptAccount, warn: (message: string) => void): void {
  const target = kernel.accounts.get(recorded.sid) ?? makeSubaccount(kernel, recorded, warn);
  if (!target) return;
  const { friendlyName, status, dateCreated, dateUpdated } = recorded;
  Object.assign(target.account, { friendlyName, status, dateCreated, dateUpdated });
}

function makeSubaccount(kernel: Kernel, recorded: KeptAccount, warn: (message: string) => void): AccountState | undefined {
  const parent = kernel.accounts.get(recorded.ownerSid);
  const { sid, authToken, friendlyName } = recorded;
  if (!parent || recorded.ownerSid === sid || authToken === undefined) {
    warn(`journal names account ${sid}, which is neither a fixture account nor a subaccount of one; its record is skipped`);
    return undefined;
  }
  return kernel.accounts.addSubaccount(parent, { sid, authToken, friendlyName }, recorded.dateCreated);
}

/** The state as records: what a replay of the whole journal would have built. */
function* snapshot(kernel: Kernel, drawn: number): Iterable<string> {
  for (const account of kernel.accounts.all()) {
    const stamp = { a: account.sid, n: drawn, at: kernel.now(account.sid) };
    yield* lines(kernel, account, stamp);
  }
}

function* lines(kernel: Kernel, account: AccountState, stamp: Stamp): Iterable<string> {
  const line = (record: JournalRecord) => JSON.stringify(record);
  // A main account is reset first, so a restore starts from its fixture and released fixture numbers stay
  // released; a subaccount is made again (its parent's reset, earlier, removed it).
  if (account.account.ownerSid === account.sid) yield line({ ...stamp, t: 'account.reset' });
  yield line({ ...stamp, t: 'account', account: keptAccount(account.account) });
  if (kernel.clockOf(account.sid) !== kernel.clock) yield line({ ...stamp, t: 'clock' });
  for (const number of account.numbers.values()) yield line({ ...stamp, t: 'number', number });
  const box = account.slot(MESSAGES);
  for (const m of box.messages.values()) yield line({ ...stamp, t: 'message', m });
  for (const key of box.optOuts) {
    const [number, person] = key.split('|') as [string, string];
    yield line({ ...stamp, t: 'opt-out', number, person, out: true });
  }
  const calls = account.slot(CALLS);
  for (const c of calls.calls.values()) {
    yield line({ ...stamp, t: 'call', c });
    for (const e of calls.timeline(c.sid)) yield line({ ...stamp, t: 'call.note', sid: c.sid, e });
  }
}

function defaultWarn(message: string): void {
  process.stderr.write(`twilio-sim: ${message}\n`);
}
