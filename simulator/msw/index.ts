// msw v2 handlers over the same wire layer: `setupServer(...sim.handlers())` lets the unmodified twilio SDK talk to
// the simulator in-process, with no port. Both Twilio hosts and a control host are intercepted.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { Simulator } from '../app.js';

/** Any https://*.twilio.com host the SDK may use (api, lookups, regional edges). */
const TWILIO_HOSTS = /^https:\/\/([a-z0-9-]+\.)*twilio\.com\//i;
/** Where the control API answers in-process (the `.invalid` TLD can never resolve to a real host). */
export const MSW_CONTROL_ORIGIN = 'http://twilio-sim.invalid';

/**
 * Handlers for a given simulator, or, called with nothing, for a fresh default one (virtual clock) that you then
 * drive through its control API at MSW_CONTROL_ORIGIN, e.g. POST http://twilio-sim.invalid/__sim/clock/advance.
 */
export function twilioHandlers(simulator: Simulator = new Simulator({ clock: 'virtual' })): HttpHandler[] {
  const resolve = async ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const out = await simulator.handle({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: new Uint8Array(await request.arrayBuffer()),
    });
    // An explicit Content-Length keeps keep-alive sockets in node:http clients (axios) from waiting for more.
    const body = out.status === 204 ? null : out.body;
    return new HttpResponse(body, {
      status: out.status,
      headers: { ...out.headers, 'content-length': String(body === null ? 0 : Buffer.byteLength(body)) },
    });
  };
  // The control origin also carries the simulated DNCR washing service (/__dncr: SOAP and JSON), not a Twilio host.
  return [
    http.all(TWILIO_HOSTS, resolve),
    http.all(`${MSW_CONTROL_ORIGIN}/__sim/*`, resolve),
    http.all(`${MSW_CONTROL_ORIGIN}/__dncr/*`, resolve),
  ];
}
