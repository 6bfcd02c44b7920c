// A few DOM helpers. Text only ever enters the page as text nodes (never as markup), so an SMS body or a webhook
// response body cannot inject anything; the CSP forbids inline script besides.
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`inspector: #${id} is missing from index.html`);
  return element as T;
}

/** A time as the page shows it: the simulated clock's date and time to the millisecond, in UTC. */
export function clockTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace('T', ' ').replace('Z', '');
}

export function definitionList(pairs: Array<[string, Child]>): HTMLDListElement {
  return h('dl', {}, ...pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]));
}

/** Rows for a table body, newest first, keeping at most `limit`. */
export function prependRow(body: HTMLTableSectionElement, cells: Child[], limit = 500): void {
  body.prepend(h('tr', {}, ...cells.map((cell) => h('td', {}, cell ?? '—'))));
  while (body.rows.length > limit) body.lastElementChild?.remove();
}

export function fillRows(body: HTMLTableSectionElement, rows: Child[][]): void {
  body.replaceChildren(...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell ?? '—')))));
}

/** The detail pane's article: a titled list of facts, then its sections. */
export function detailArticle(title: string, facts: Array<[string, Child]>, ...sections: Child[]): HTMLElement {
  return h('article', { 'aria-labelledby': 'detail-title' }, h('h2', { id: 'detail-title' }, title), definitionList(facts), ...sections);
}
