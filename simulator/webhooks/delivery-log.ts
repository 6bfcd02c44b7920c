// Bounded in-memory record of every webhook attempt, plus live subscribers (the inspector and event stream).
// One log per simulator (all accounts), at most `maxEntries` kept. Entries are stored as plain objects and handed
// out as frozen copies: freezing each stored entry gave every one its own hidden class in V8, which made a full
// log of 10k attempts cost about twice its data.

import type { DeliveryLogEntry, DeliveryLogFilter } from './types.js';

export class DeliveryLog {
  readonly #max: number;
  #entries: DeliveryLogEntry[] = [];
  readonly #listeners = new Set<(entry: DeliveryLogEntry) => void>();

  constructor(maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxLogEntries must be a positive integer, got ${maxEntries}`);
    }
    this.#max = maxEntries;
  }

  add(entry: DeliveryLogEntry): void {
    this.#entries.push(entry);
    // Drop in batches so a full log does not shift the array on every attempt.
    if (this.#entries.length > this.#max + Math.ceil(this.#max / 10)) {
      this.#entries = this.#entries.slice(-this.#max);
    }
    if (this.#listeners.size === 0) return;
    const frozen = handedOut(entry);
    for (const listener of this.#listeners) {
      try {
        listener(frozen);
      } catch {
        // A broken subscriber must not affect delivery or the other subscribers.
      }
    }
  }

  list(filter: DeliveryLogFilter = {}): DeliveryLogEntry[] {
    const recent = this.#entries.length > this.#max ? this.#entries.slice(-this.#max) : this.#entries;
    return recent
      .filter(
        (e) =>
          (filter.accountSid === undefined || e.accountSid === filter.accountSid) &&
          (filter.resourceSid === undefined || e.resourceSid === filter.resourceSid) &&
          (filter.kind === undefined || e.kind === filter.kind),
      )
      .map(handedOut);
  }

  clear(accountSid?: string): void {
    this.#entries = accountSid === undefined ? [] : this.#entries.filter((e) => e.accountSid !== accountSid);
  }

  subscribe(listener: (entry: DeliveryLogEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}

/** What readers get: a frozen copy, so nobody can change the record (or another reader's view of it). */
function handedOut(entry: DeliveryLogEntry): DeliveryLogEntry {
  return Object.freeze({ ...entry, params: Object.freeze({ ...entry.params }), warnings: [...entry.warnings] });
}
