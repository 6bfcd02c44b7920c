// What a listening socket means for the person starting it. A wildcard bind (0.0.0.0, ::) is reachable from other
// machines but is no address to type into a client, so it is reported as bound and paired with a loopback URL.
import type { AddressInfo } from 'node:net';

const LOOPBACK_FOR_WILDCARD: Record<string, string> = { '0.0.0.0': '127.0.0.1', '::': '::1' };

const hostPart = (host: string) => (host.includes(':') ? `[${host}]` : host);

export interface ListeningAddress {
  /** The address the socket is bound to, e.g. `0.0.0.0:4010`. */
  bound: string;
  /** A URL that reaches it from this machine, e.g. `http://127.0.0.1:4010`. */
  url: string;
}

/** `requestedHost` is what the caller asked for: a name such as localhost stays in the URL as given. */
export function describeListening(address: AddressInfo, requestedHost: string): ListeningAddress {
  const loopback = LOOPBACK_FOR_WILDCARD[address.address];
  const urlHost = loopback ?? (LOOPBACK_FOR_WILDCARD[requestedHost] ? address.address : requestedHost);
  return {
    bound: `${hostPart(address.address)}:${address.port}`,
    url: `http://${hostPart(urlHost)}:${address.port}`,
  };
}
