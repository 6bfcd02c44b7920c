// Where a <Stream url> leads. Twilio connects to wss:// only (31922 otherwise, 31923 for a URL that does not
// parse) and drops the query string (data travels in <Parameter>s). The simulator's own convenience, not Twilio's:
// a wss:// URL on a loopback host is reached as plain ws://, so a local agent needs no certificate — unless the
// user gave a CA, which says they run TLS locally and want it checked against that CA.

export type StreamTarget =
  | {
      ok: true /** What Twilio requests and signs: the URL without query or fragment. */;
      url: string /** What the socket opens. */;
      connect: string;
    }
  | { ok: false; code: 31922 | 31923; reason: string };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function streamTarget(raw: string, options: { hasCa: boolean }): StreamTarget {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, code: 31923, reason: `Stream URL '${raw}' is not a valid URL` };
  }
  if (url.protocol !== 'wss:')
    return { ok: false, code: 31922, reason: `Stream URL scheme must be wss, not ${url.protocol.replace(':', '')}` };
  url.search = '';
  url.hash = '';
  const signed = url.href;
  if (LOOPBACK.test(url.hostname) && !options.hasCa) url.protocol = 'ws:';
  return { ok: true, url: signed, connect: url.href };
}
