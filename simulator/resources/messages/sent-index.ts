// Messages by the time they were sent: parallel typed arrays (time, creation order) kept sorted by time. Messages
// are sent as the clock moves, so entries arrive in time order and appending is the common case; a date range is
// two binary searches.

export class SentIndex {
  #times = new Float64Array(8);
  #orders = new Int32Array(8);
  #length = 0;

  add(at: number, order: number): void {
    if (this.#length === this.#times.length) this.#grow();
    let i = this.#length;
    // Out of order only after a replay or a clock step back: shift the few later entries up.
    while (i > 0 && this.#times[i - 1]! > at) i--;
    this.#times.copyWithin(i + 1, i, this.#length);
    this.#orders.copyWithin(i + 1, i, this.#length);
    this.#times[i] = at;
    this.#orders[i] = order;
    this.#length++;
  }

  /** Creation orders of the entries sent within [from, to] (inclusive), in no particular order. */
  ordersBetween(from: number, to: number): Int32Array {
    return this.#orders.subarray(this.#bound(from, false), this.#bound(to, true));
  }

  /** How many entries were sent within [from, to]. */
  countBetween(from: number, to: number): number {
    return Math.max(0, this.#bound(to, true) - this.#bound(from, false));
  }

  // First index with time ≥ t (or > t with `after`).
  #bound(t: number, after: boolean): number {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.#times[mid]!;
      if (v < t || (after && v === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #grow(): void {
    const times = new Float64Array(this.#times.length * 2);
    const orders = new Int32Array(this.#orders.length * 2);
    times.set(this.#times);
    orders.set(this.#orders);
    this.#times = times;
    this.#orders = orders;
  }
}
