// The 2010 API's list envelope and its paging tokens. `PageToken=PA<sid>` means "the page after this item", so
// paging stays stable while new items arrive at the top of the list. The SDK follows next_page_uri verbatim.
import { badRequest } from './errors.js';

export interface PageRequest {
  pageSize: number;
  page: number;
  token: string | undefined;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

export function readPageRequest(query: URLSearchParams): PageRequest {
  const size = query.get('PageSize');
  const page = query.get('Page');
  const pageSize = size === null ? DEFAULT_PAGE_SIZE : Number(size);
  const pageNumber = page === null ? 0 : Number(page);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw badRequest(20001, `Invalid PageSize '${size}'`);
  if (!Number.isInteger(pageNumber) || pageNumber < 0) throw badRequest(20001, `Invalid Page '${page}'`);
  return { pageSize: Math.min(pageSize, MAX_PAGE_SIZE), page: pageNumber, token: query.get('PageToken') ?? undefined };
}

/**
 * Where a cursor SID sits in a newest-first list: `after` is the first index past it, `before` the index it holds
 * (or would hold, when it has been deleted since).
 */
function cursorIndex<T>(
  items: readonly T[],
  sidOf: (item: T) => string,
  sid: string,
  orderOf?: (sid: string) => number | undefined,
): { after: number; before: number } | undefined {
  const at = items.findIndex((item) => sidOf(item) === sid);
  if (at >= 0) return { after: at + 1, before: at };
  const order = orderOf?.(sid);
  if (order === undefined) return undefined;
  const older = items.findIndex((item) => (orderOf!(sidOf(item)) ?? -1) < order);
  const index = older < 0 ? items.length : older;
  return { after: index, before: index };
}

/**
 * A newest-first list that can be paged without materialising it: how many items sit before a creation order,
 * and a run of items from a position. Stores with indexes answer both in about the cost of one page.
 */
export interface OrderedView<T> {
  /** Items of the list newer than creation order `order` (newer or equal with `inclusive`). */
  countNewer(order: number, inclusive: boolean): number;
  /** Up to `limit` items from newest-first position `start`. */
  take(start: number, limit: number): T[];
}

export interface ListEnvelope {
  first_page_uri: string;
  end: number;
  previous_page_uri: string | null;
  uri: string;
  page_size: number;
  start: number;
  next_page_uri: string | null;
  page: number;
}

/**
 * `paginate` for an OrderedView: the same envelope and cursor rules, without building the list. `orderOf` gives
 * the creation order of any SID the store ever held (deleted ones too), so a cursor survives a delete.
 */
export function paginateView<T>(
  view: OrderedView<T>,
  sidOf: (item: T) => string,
  path: string,
  filters: URLSearchParams,
  request: PageRequest,
  orderOf: (sid: string) => number | undefined,
): { pageItems: T[]; envelope: ListEnvelope } {
  const { pageSize, page } = request;
  const token = request.token;
  const order = token && token.length > 2 ? orderOf(token.slice(2)) : undefined;
  let start = page * pageSize;
  if (order !== undefined && token!.startsWith('PA')) start = view.countNewer(order, true);
  else if (order !== undefined && token!.startsWith('PB')) start = Math.max(0, view.countNewer(order, false) - pageSize);
  // One more than the page tells whether a next page exists, without counting the rest.
  const taken = view.take(start, pageSize + 1);
  const pageItems = taken.slice(0, pageSize);
  return { pageItems, envelope: envelope(pageItems, sidOf, path, filters, request, start, taken.length > pageSize) };
}

function envelope<T>(
  pageItems: readonly T[],
  sidOf: (item: T) => string,
  path: string,
  filters: URLSearchParams,
  request: PageRequest,
  start: number,
  hasMore: boolean,
): ListEnvelope {
  const { pageSize, page, token } = request;
  const link = (pageNumber: number, pageToken?: string) => {
    const q = new URLSearchParams(filters);
    q.set('PageSize', String(pageSize));
    q.set('Page', String(pageNumber));
    if (pageToken) q.set('PageToken', pageToken);
    return `${path}?${q}`;
  };
  const last = pageItems.at(-1);
  const first = pageItems[0];
  return {
    first_page_uri: link(0),
    end: start + Math.max(0, pageItems.length - 1),
    previous_page_uri: page > 0 && first ? link(page - 1, `PB${sidOf(first)}`) : null,
    uri: link(page, token),
    page_size: pageSize,
    start,
    next_page_uri: hasMore && last ? link(page + 1, `PA${sidOf(last)}`) : null,
    page,
  };
}

/**
 * Slice `items` (already filtered and ordered) for the request and build the envelope. `filters` are the
 * list's own query parameters (To, From…), carried into every paging link.
 */
export function paginate<T>(
  items: readonly T[],
  sidOf: (item: T) => string,
  path: string,
  filters: URLSearchParams,
  request: PageRequest,
  /** Creation order (higher = newer) of any SID ever listed, deleted ones too: keeps cursors valid after deletes. */
  orderOf?: (sid: string) => number | undefined,
): { pageItems: T[]; envelope: ListEnvelope } {
  const { pageSize, page } = request;
  let start = page * pageSize;
  const token = request.token;
  const boundary = token && token.length > 2 ? cursorIndex(items, sidOf, token.slice(2), orderOf) : undefined;
  if (boundary !== undefined && token!.startsWith('PA')) start = boundary.after;
  else if (boundary !== undefined && token!.startsWith('PB')) start = Math.max(0, boundary.before - pageSize);
  const pageItems = items.slice(start, start + pageSize);
  const hasMore = start + pageItems.length < items.length;
  return { pageItems, envelope: envelope(pageItems, sidOf, path, filters, request, start, hasMore) };
}
