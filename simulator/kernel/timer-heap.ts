// A binary min-heap of timers ordered by (time, scheduling order): the virtual clock's queue. Canceled timers are
// dropped lazily when they reach the top, so cancel stays O(1) and next() is O(log n).

export interface HeapTimer {
  id: number;
  at: number;
  seq: number;
}

const before = (a: HeapTimer, b: HeapTimer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class TimerHeap<T extends HeapTimer> {
  #items: T[] = [];

  push(timer: T): void {
    const items = this.#items;
    items.push(timer);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** The earliest timer for which `alive` holds; dead ones met on the way are discarded. */
  peek(alive: (timer: T) => boolean): T | undefined {
    while (this.#items.length > 0 && !alive(this.#items[0]!)) this.#pop();
    return this.#items[0];
  }

  take(alive: (timer: T) => boolean): T | undefined {
    return this.peek(alive) ? this.#pop() : undefined;
  }

  #pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
        if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
