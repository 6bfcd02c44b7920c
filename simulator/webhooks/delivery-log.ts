// Bounded in-memory record of every webhook attempt, plus live subscribers (the inspector and event stream).

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
    const frozen = Object.freeze({ ...entry, params: Object.freeze({ ...entry.params }), warnings: [...entry.warnings] });
    this.#entries.push(frozen);
    // Drop in batches so a full log does not shift the array on every attempt.
    if (this.#entries.length > this.#max + Math.ceil(this.#max / 10)) {
      this.#entries = this.#entries.slice(-this.#max);
    }
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
    return recent.filter(
      (e) =>
        (filter.accountSid === undefined || e.accountSid === filter.accountSid) &&
        (filter.resourceSid === undefined || e.resourceSid === filter.resourceSid) &&
        (filter.kind === undefined || e.kind === filter.kind),
    );
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
