// The journal on disk: `journal.jsonl` in the data folder, appended one line per state change.
//
// Durability: every line is written to the operating system synchronously, inside the state change, so it is in
// the file before the API answers; a killed process (kill -9) therefore loses nothing it acknowledged. Flushing to
// the disk itself (fdatasync, which survives a machine crash) is batched: at most every FSYNC_EVERY_MS while
// lines are arriving, and at close. A crash can tear the last line; reading skips it with a warning.
import fs from 'node:fs';
import path from 'node:path';

const FILE = 'journal.jsonl';
const READ_CHUNK = 1 << 20;
const FSYNC_EVERY_MS = 50;

export function journalPath(dir: string): string {
  return path.join(dir, FILE);
}

/**
 * Every complete line of the journal, parsed, in order. A last line without its newline (torn by a crash) is
 * dropped and cut from the file, so new lines never follow garbage; an unreadable line elsewhere is skipped. Both
 * are reported through `warn`.
 */
export function readJournal(file: string, warn: (message: string) => void): unknown[] {
  if (!fs.existsSync(file)) return [];
  const records: unknown[] = [];
  const fd = fs.openSync(file, 'r+');
  try {
    const buffer = Buffer.alloc(READ_CHUNK);
    let carry = '';
    let offset = 0;
    let goodEnd = 0;
    let lineNo = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, READ_CHUNK, offset);
      if (read === 0) break;
      offset += read;
      // Only whole lines are decoded, so a multi-byte character split across chunks is never cut.
      const lastNewline = buffer.lastIndexOf(10, read - 1);
      if (lastNewline < 0) {
        carry += buffer.toString('utf8', 0, read);
        continue;
      }
      const text = carry + buffer.toString('utf8', 0, lastNewline);
      carry = buffer.toString('utf8', lastNewline + 1, read);
      goodEnd = offset - (read - lastNewline - 1);
      for (const line of text.split('\n')) {
        lineNo++;
        if (line === '') continue;
        try {
          records.push(JSON.parse(line));
        } catch {
          warn(`journal line ${lineNo} is not readable JSON; skipped`);
        }
      }
    }
    if (carry.length > 0) {
      warn(`journal's last record is incomplete (${Buffer.byteLength(carry)} bytes, torn by a crash); skipped`);
      fs.ftruncateSync(fd, goodEnd);
    }
  } finally {
    fs.closeSync(fd);
  }
  return records;
}

/** Appends lines; see the durability note above. */
export class JournalWriter {
  #fd: number;
  #dirty = false;
  readonly #flusher: NodeJS.Timeout;

  constructor(file: string) {
    this.#fd = fs.openSync(file, 'a');
    // Batching fsync is plumbing, not simulated time: it runs on the host's timer whatever the simulator's clock.
    this.#flusher = setInterval(() => this.flush(), FSYNC_EVERY_MS);
    this.#flusher.unref();
  }

  append(line: string): void {
    fs.writeSync(this.#fd, line + '\n');
    this.#dirty = true;
  }

  flush(): void {
    if (!this.#dirty || this.#fd < 0) return;
    this.#dirty = false;
    fs.fdatasyncSync(this.#fd);
  }

  close(): void {
    if (this.#fd < 0) return;
    clearInterval(this.#flusher);
    this.flush();
    fs.closeSync(this.#fd);
    this.#fd = -1;
  }
}

/** Replace the journal with `lines` (a compacted snapshot): written aside, flushed, then renamed over it. */
export function rewriteJournal(file: string, lines: Iterable<string>): void {
  const aside = `${file}.compacting`;
  const fd = fs.openSync(aside, 'w');
  try {
    let batch: string[] = [];
    for (const line of lines) {
      batch.push(line);
      if (batch.length >= 1000) {
        fs.writeSync(fd, batch.join('\n') + '\n');
        batch = [];
      }
    }
    if (batch.length > 0) fs.writeSync(fd, batch.join('\n') + '\n');
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(aside, file);
}
