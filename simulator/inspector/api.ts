// The page's only way to data: same-origin fetch with the account's Basic credentials in the Authorization header
// (never in a URL), Twilio's REST API and the simulator's /__sim control API, errors read from Twilio's shape.
export interface Credentials {
  sid: string;
  token: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
  ) {
    super(code === null ? message : `${code}: ${message}`);
  }
}

export class Api {
  readonly #authorization: string;

  constructor(readonly account: Credentials) {
    this.#authorization = `Basic ${btoa(`${account.sid}:${account.token}`)}`;
  }

  /** A path under this account in the 2010 API, e.g. rest('Messages.json'). */
  rest(path: string): string {
    return `/2010-04-01/Accounts/${this.account.sid}/${path}`;
  }

  /**
   * One page of a 2010 list (`resource` e.g. 'Messages.json', its items under `listKey`). `Page=N` alone is
   * answered from the store's indexes, so position 90,000 costs what position 0 does.
   */
  async page<T>(resource: string, listKey: string, filters: URLSearchParams, page: number, size: number) {
    const query = new URLSearchParams(filters);
    query.set('PageSize', String(size));
    query.set('Page', String(page));
    const answer = await this.get<Record<string, T[]> & { next_page_uri: string | null }>(this.rest(`${resource}?${query}`));
    return { items: (answer[listKey] ?? []) as T[], more: answer.next_page_uri !== null };
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  async request<T>(method: string, path: string, json?: unknown): Promise<T> {
    const response = await fetch(path, {
      method,
      headers: { authorization: this.#authorization, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
      // A 401 must come back to the page, not open the browser's own credential prompt.
      credentials: 'omit',
      // Live data: a status read a moment ago is already old.
      cache: 'no-store',
    });
    const text = await response.text();
    const body = text === '' ? null : parseJson(text);
    if (!response.ok) {
      const error = (body ?? {}) as { code?: number; message?: string };
      throw new ApiError(response.status, error.code ?? null, error.message ?? `HTTP ${response.status}`);
    }
    return body as T;
  }

  /** Bytes (a call's recording) as a blob: URL the page can hand to an <audio> element. */
  async blobUrl(path: string): Promise<string | null> {
    const response = await fetch(path, { headers: { authorization: this.#authorization }, credentials: 'omit', cache: 'no-store' });
    if (!response.ok) return null;
    return URL.createObjectURL(await response.blob());
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}
