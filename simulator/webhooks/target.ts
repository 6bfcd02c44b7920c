// Turns a fragment-free webhook URL into what node:http needs, keeping the caller's exact characters wherever
// possible: Twilio signs the URL as configured, and receivers rebuild it from the Host header and request path,
// so normalising it (lower-casing the host, re-encoding the query) would break their signature check.

export interface RequestTarget {
  /** The URL that is signed and requested (no fragment). */
  href: string;
  protocol: 'http:' | 'https:';
  /** Host to connect to (IPv6 without brackets). */
  hostname: string;
  port: number;
  /** Host header: the authority as written, without credentials. */
  hostHeader: string;
  /** Path and query as written. */
  path: string;
  /** user:password from the URL, sent as HTTP Basic credentials. */
  auth: string | null;
}

const ABSOLUTE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^#]*)$/i;
// node:http refuses request paths with characters outside this range.
const UNSAFE_PATH = /[^\u0021-\u00ff]/;

export function resolveTarget(url: string): RequestTarget | { error: string } {
  const match = ABSOLUTE.exec(url);
  if (!match) return { error: 'not an absolute http(s) URL' };
  const scheme = (match[1] ?? '').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { error: `the ${scheme}: scheme is not supported` };

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: 'the URL cannot be parsed' };
  }
  if (parsed.hostname === '') return { error: 'the URL has no host' };

  const protocol = scheme === 'https' ? 'https:' : 'http:';
  const authority = match[2] ?? '';
  let rest = match[3] ?? '';
  let href = url;
  let hostHeader = authority.slice(authority.lastIndexOf('@') + 1);
  if (rest === '' || rest.startsWith('?')) rest = `/${rest}`;
  if (UNSAFE_PATH.test(rest) || UNSAFE_PATH.test(hostHeader)) {
    // Spaces or non-Latin-1 characters cannot go on the wire as written; use the WHATWG-encoded form for both
    // the request and the signature so they still agree.
    parsed.hash = '';
    href = parsed.href;
    hostHeader = parsed.host;
    rest = `${parsed.pathname}${parsed.search}`;
  }

  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port ? Number(parsed.port) : protocol === 'https:' ? 443 : 80;
  const auth = parsed.username ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}` : null;
  return { href, protocol, hostname, port, hostHeader, path: rest, auth };
}

/** Appends form params to a URL's query string the way a GET webhook carries them. */
export function withQuery(url: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  if (query === '') return url;
  if (!url.includes('?')) return `${url}?${query}`;
  return url.endsWith('?') || url.endsWith('&') ? `${url}${query}` : `${url}&${query}`;
}
