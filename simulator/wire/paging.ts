// The 2010 API's list envelope and its paging tokens. `PageToken=PA<sid>` means "the page after this item", so
// paging stays stable while new items arrive at the top of the list. The SDK follows next_page_uri verbatim.
import { badRequest } from '../engine/errors.js';

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
 * Slice `items` (already filtered and ordered) for the request and build the envelope. `filters` are the
 * list's own query parameters (To, From…), carried into every paging link.
 */
export function paginate<T>(
  items: readonly T[],
  sidOf: (item: T) => string,
  path: string,
  filters: URLSearchParams,
  request: PageRequest,
): { pageItems: T[]; envelope: ListEnvelope } {
  const { pageSize, page } = request;
  let start = page * pageSize;
  const token = request.token;
  if (token && token.length > 2) {
    const at = items.findIndex((item) => sidOf(item) === token.slice(2));
    if (at >= 0 && token.startsWith('PA')) start = at + 1;
    else if (at >= 0 && token.startsWith('PB')) start = Math.max(0, at - pageSize);
  }
  const pageItems = items.slice(start, start + pageSize);
  const link = (pageNumber: number, pageToken?: string) => {
    const q = new URLSearchParams(filters);
    q.set('PageSize', String(pageSize));
    q.set('Page', String(pageNumber));
    if (pageToken) q.set('PageToken', pageToken);
    return `${path}?${q}`;
  };
  const last = pageItems.at(-1);
  const first = pageItems[0];
  const hasMore = start + pageItems.length < items.length;
  return {
    pageItems,
    envelope: {
      first_page_uri: link(0),
      end: start + Math.max(0, pageItems.length - 1),
      previous_page_uri: page > 0 && first ? link(page - 1, `PB${sidOf(first)}`) : null,
      uri: link(page, token),
      page_size: pageSize,
      start,
      next_page_uri: hasMore && last ? link(page + 1, `PA${sidOf(last)}`) : null,
      page,
    },
  };
}
