// A list of any length that keeps only the rows in view in the DOM: a spacer gives the scrollbar the full height,
// rows sit absolutely at index × ROW_HEIGHT, and items are fetched a server page at a time (Page=N, which the
// simulator answers from its indexes without walking the list) as they scroll into view. New items arrive live
// at the top. Keyboard: arrows, Page Up/Down, Home/End move the selection; Enter opens it.
import { h } from './dom.js';

/** Must match --row in app.css. */
const ROW_HEIGHT = 28;
const PAGE_SIZE = 100;
/** Rows rendered above and below the viewport, so a small scroll shows rows at once. */
const OVERSCAN = 10;
/** Items kept in memory; beyond this the ones furthest from view are dropped (and fetched again if needed). */
const MAX_CACHED = 3_000;

export interface ListSource<T> {
  /** Up to `size` items from newest-first position page × size, and whether any follow. */
  page(page: number, size: number): Promise<{ items: T[]; more: boolean }>;
  key(item: T): string;
  /** Whether a live item belongs in this list (the server-side filters, applied to one item). */
  matches(item: T): boolean;
  /** The row's content. */
  row(item: T): Array<Node | string>;
  open(item: T): void;
}

/** Whether a live item passes a list's server-side filters: each filter set is a query parameter naming a field. */
export function passesFilters(filters: URLSearchParams, fields: Record<string, string | null>): boolean {
  return Object.entries(fields).every(([name, value]) => !filters.get(name) || filters.get(name) === value);
}

export class VirtualList<T> {
  readonly #element: HTMLElement;
  readonly #spacer = h('div', { class: 'spacer', 'aria-hidden': 'true' });
  #source: ListSource<T> | undefined;
  #items = new Map<number, T>();
  #total = 0;
  #inFlight = new Set<number>();
  /** Bumped by every reload, so answers to an older query are dropped. */
  #generation = 0;
  #selected = -1;
  #frame = 0;

  constructor(
    element: HTMLElement,
    private readonly onCount: (total: number) => void,
  ) {
    this.#element = element;
    element.append(this.#spacer);
    element.addEventListener('scroll', () => this.#schedule());
    element.addEventListener('keydown', (event) => this.#key(event));
    element.addEventListener('click', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('.row');
      if (row) this.select(Number(row.dataset.index), true);
    });
    new ResizeObserver(() => this.#schedule()).observe(element);
  }

  async load(source: ListSource<T>): Promise<void> {
    const generation = ++this.#generation;
    this.#source = source;
    this.#items.clear();
    this.#inFlight.clear();
    this.#selected = -1;
    this.#element.scrollTop = 0;
    const total = await countItems(source);
    if (generation !== this.#generation) return;
    this.#total = total;
    this.onCount(total);
    this.#render();
  }

  /** A new item, live: it goes on top when it matches the list's filters, shifting every position down by one. */
  prepend(item: T): void {
    if (!this.#source?.matches(item)) return;
    const shifted = new Map<number, T>([[0, item]]);
    for (const [index, existing] of this.#items) shifted.set(index + 1, existing);
    this.#items = shifted;
    this.#total++;
    if (this.#selected >= 0) this.#selected++;
    // Keep what the user looks at still: the list grows above the rows in view.
    if (this.#element.scrollTop > 0) this.#element.scrollTop += ROW_HEIGHT;
    this.onCount(this.#total);
    this.#schedule();
  }

  /** A changed item (a status moved on): replaced where it is loaded. */
  update(item: T): void {
    const key = this.#source?.key(item);
    for (const [index, existing] of this.#items) {
      if (this.#source!.key(existing) !== key) continue;
      this.#items.set(index, item);
      this.#schedule();
      return;
    }
  }

  select(index: number, open = false): void {
    if (this.#total === 0) return;
    this.#selected = Math.max(0, Math.min(this.#total - 1, index));
    const top = this.#selected * ROW_HEIGHT;
    if (top < this.#element.scrollTop) this.#element.scrollTop = top;
    else if (top + ROW_HEIGHT > this.#element.scrollTop + this.#element.clientHeight)
      this.#element.scrollTop = top + ROW_HEIGHT - this.#element.clientHeight;
    this.#render();
    const item = this.#items.get(this.#selected);
    if (open && item) this.#source?.open(item);
  }

  #key(event: KeyboardEvent): void {
    const visible = Math.max(1, Math.floor(this.#element.clientHeight / ROW_HEIGHT));
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: visible,
      PageUp: -visible,
      Home: -Infinity,
      End: Infinity,
    };
    if (event.key === 'Enter' && this.#selected >= 0) {
      event.preventDefault();
      return this.select(this.#selected, true);
    }
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const from = this.#selected < 0 ? -1 : this.#selected;
    this.select(move === -Infinity ? 0 : move === Infinity ? this.#total - 1 : from + move);
  }

  #schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#render();
    });
  }

  #render(): void {
    this.#spacer.style.height = `${this.#total * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(this.#element.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.#total, Math.ceil((this.#element.scrollTop + this.#element.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const rows: HTMLElement[] = [];
    const id = this.#element.id;
    for (let index = first; index < last; index++) {
      const item = this.#items.get(index);
      if (!item) this.#fetch(Math.floor(index / PAGE_SIZE));
      const row = h(
        'div',
        {
          class: item ? 'row' : 'row loading',
          id: `${id}-row-${index}`,
          role: 'option',
          'aria-selected': String(index === this.#selected),
          'aria-setsize': this.#total,
          'aria-posinset': index + 1,
          'data-index': index,
        },
        ...(item && this.#source ? this.#source.row(item) : ['loading…']),
      );
      row.style.top = `${index * ROW_HEIGHT}px`;
      rows.push(row);
    }
    this.#element.replaceChildren(this.#spacer, ...rows);
    if (this.#selected >= first && this.#selected < last)
      this.#element.setAttribute('aria-activedescendant', `${id}-row-${this.#selected}`);
    else this.#element.removeAttribute('aria-activedescendant');
    this.#evict(first, last);
  }

  #fetch(page: number): void {
    const source = this.#source;
    if (!source || this.#inFlight.has(page)) return;
    this.#inFlight.add(page);
    const generation = this.#generation;
    source.page(page, PAGE_SIZE).then(
      ({ items }) => {
        if (generation !== this.#generation) return;
        this.#inFlight.delete(page);
        items.forEach((item, i) => {
          this.#items.set(page * PAGE_SIZE + i, item);
        });
        this.#schedule();
      },
      () => this.#inFlight.delete(page),
    );
  }

  #evict(first: number, last: number): void {
    if (this.#items.size <= MAX_CACHED) return;
    const middle = (first + last) / 2;
    const byDistance = [...this.#items.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
    for (const index of byDistance.slice(0, this.#items.size - MAX_CACHED / 2)) this.#items.delete(index);
  }
}

/**
 * How many items the list holds. Twilio's list envelope carries no total, so probe with one-item pages: double the
 * page number until one is empty, then bisect — some 2·log2(n) tiny requests (34 at 100,000).
 */
async function countItems<T>(source: ListSource<T>): Promise<number> {
  const exists = async (index: number) => (await source.page(index, 1)).items.length > 0;
  if (!(await exists(0))) return 0;
  let low = 0;
  let high = 1;
  while (await exists(high)) {
    low = high;
    high *= 2;
  }
  // Item `low` exists, item `high` does not.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await exists(middle)) low = middle;
    else high = middle;
  }
  return low + 1;
}
