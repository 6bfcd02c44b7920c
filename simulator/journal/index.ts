// Keeping state across restarts (`--data DIR`): the engine's events, written as they happen and read back at start.
// What is kept: messages (every status, so those in flight resume their timers), opt-outs, numbers' settings and
// releases, and account resets. Not kept: calls, scenarios, faults, sender rates, the webhook delivery log and
// alerts. At start the journal is replayed, then compacted (one line per live record) so it does not grow without
// end across restarts.
import fs from 'node:fs';
import type { AccountState } from '../kernel/accounts.js';
import type { Kernel } from '../kernel/index.js';
import type { MessageService } from '../resources/messages/model.js';
import { MESSAGES } from '../resources/messages/store.js';
import { JournalWriter, journalPath, readJournal, rewriteJournal } from './journal-file.js';
import { type JournalRecord, recordOf } from './records.js';

export interface Journal {
  /** The latest simulator time recorded (a virtual clock starts there), or null for an empty journal. */
  readonly lastTime: number | null;
  /** Apply what was recorded, resume messages in flight, compact, then record every change from now on. */
  start(kernel: Kernel, messages: MessageService): void;
  close(): void;
}

export function openJournal(dir: string, warn: (message: string) => void = defaultWarn): Journal {
  fs.mkdirSync(dir, { recursive: true });
  const file = journalPath(dir);
  let records = readJournal(file, warn) as JournalRecord[];
  let writer: JournalWriter | undefined;
  let unsubscribe: (() => void) | undefined;
  return {
    lastTime: records.reduce<number | null>(
      (latest, r) => (typeof r.at === 'number' && (latest === null || r.at > latest) ? r.at : latest),
      null,
    ),
    start(kernel, messages) {
      let drawn = 0;
      for (const record of records) {
        drawn = Math.max(drawn, record.n ?? 0);
        apply(kernel, messages, record, warn);
      }
      kernel.sids.skipTo(drawn);
      for (const account of kernel.accounts.all()) messages.resume(account);
      if (records.length > 0) rewriteJournal(file, snapshot(kernel, drawn));
      records = [];
      writer = new JournalWriter(file);
      const out = writer;
      unsubscribe = kernel.events.subscribe((event) => {
        const record = recordOf(event, { a: 'accountSid' in event ? event.accountSid : '', n: kernel.sids.drawn, at: kernel.clock.now() });
        if (record) out.append(JSON.stringify(record));
      });
    },
    close() {
      unsubscribe?.();
      writer?.close();
    },
  };
}

function apply(kernel: Kernel, messages: MessageService, record: JournalRecord, warn: (message: string) => void): void {
  const account = kernel.accounts.get(record.a);
  if (!account) {
    warn(`journal names account ${record.a}, which the fixtures do not define; its record is skipped`);
    return;
  }
  switch (record.t) {
    case 'message':
      messages.restore(account, record.m);
      break;
    case 'message.deleted':
      messages.forget(account, record.sid);
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
  }
}

/** The state as records: what a replay of the whole journal would have built. */
function* snapshot(kernel: Kernel, drawn: number): Iterable<string> {
  const at = kernel.clock.now();
  for (const account of kernel.accounts.all()) {
    const stamp = { a: account.sid, n: drawn, at };
    yield* lines(account, stamp);
  }
}

function* lines(account: AccountState, stamp: { a: string; n: number; at: number }): Iterable<string> {
  // A reset first, so a restore starts from the fixture and the released fixture numbers stay released.
  yield JSON.stringify({ ...stamp, t: 'account.reset' } satisfies JournalRecord);
  for (const number of account.numbers.values()) yield JSON.stringify({ ...stamp, t: 'number', number } satisfies JournalRecord);
  const box = account.slot(MESSAGES);
  for (const m of box.messages.values()) yield JSON.stringify({ ...stamp, t: 'message', m } satisfies JournalRecord);
  for (const key of box.optOuts) {
    const [number, person] = key.split('|') as [string, string];
    yield JSON.stringify({ ...stamp, t: 'opt-out', number, person, out: true } satisfies JournalRecord);
  }
}

function defaultWarn(message: string): void {
  process.stderr.write(`twilio-sim: ${message}\n`);
}
