// A growable, sorted list of creation orders (small integers) in one typed array: the posting list behind each
// message index (all, by To, by From). Appends are O(1) because orders only grow; a delete is a binary search and
// one memmove, rare enough next to the lookups it keeps cheap. 100k entries take 400 KB.

export class OrderIndex {
  #orders: Int32Array = new Int32Array(8);
  #length = 0;

  /** An index over orders already sorted ascending (taken as is, not copied). */
  static fromSorted(orders: Int32Array): OrderIndex {
    const index = new OrderIndex();
    index.#orders = orders.length > 0 ? orders : new Int32Array(1);
    index.#length = orders.length;
    return index;
  }

  get length(): number {
    return this.#length;
  }

  /** The i-th order, oldest first. */
  at(i: number): number {
    return this.#orders[i]!;
  }

  push(order: number): void {
    if (this.#length > 0 && order <= this.#orders[this.#length - 1]!) {
      this.#insert(order);
      return;
    }
    this.#grow();
    this.#orders[this.#length++] = order;
  }

  remove(order: number): boolean {
    const i = this.lowerBound(order);
    if (i >= this.#length || this.#orders[i] !== order) return false;
    this.#orders.copyWithin(i, i + 1, this.#length);
    this.#length--;
    return true;
  }

  /** First index whose order is ≥ `order` (the length when none is). */
  lowerBound(order: number): number {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#orders[mid]! < order) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many entries are newer (greater) than `order`, or newer-or-equal with `inclusive`. */
  countNewer(order: number, inclusive: boolean): number {
    return this.#length - this.lowerBound(inclusive ? order : order + 1);
  }

  // Only a replayed journal or a clock that stepped back can add out of order; keep the list sorted anyway.
  #insert(order: number): void {
    const i = this.lowerBound(order);
    if (this.#orders[i] === order) return;
    this.#grow();
    this.#orders.copyWithin(i + 1, i, this.#length);
    this.#orders[i] = order;
    this.#length++;
  }

  #grow(): void {
    if (this.#length < this.#orders.length) return;
    const bigger = new Int32Array(this.#orders.length * 2);
    bigger.set(this.#orders);
    this.#orders = bigger;
  }
}
