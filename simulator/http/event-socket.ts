// GET /__sim/events as a websocket: every engine event and webhook attempt of the authenticated account, as JSON
// text frames, in the order they happen. Browsers can't set headers on a websocket, so `?auth=<base64 sid:token>`
// works as well as an Authorization header.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Simulator } from '../app.js';
import { eventAccount, eventJson, type StreamEvent } from '../control/event-json.js';

export const EVENTS_PATH = '/__sim/events';

function reject(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachEventSocket(server: Server, sim: Simulator): { close(): void } {
  const wss = new WebSocketServer({ noServer: true });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    if (url.pathname !== EVENTS_PATH) return reject(socket, '404 Not Found');
    const query = url.searchParams.get('auth');
    const authorization = req.headers.authorization ?? (query ? `Basic ${query}` : undefined);
    const account = sim.authenticate(authorization);
    if (!account) return reject(socket, '401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => stream(ws, account.account.sid));
  });

  function stream(ws: WebSocket, accountSid: string): void {
    const send = (event: StreamEvent) => {
      const owner = eventAccount(event);
      if (owner !== null && owner !== accountSid) return;
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(eventJson(event, sim.clock.now())));
    };
    const unsubscribers = [
      sim.kernel.events.subscribe(send),
      sim.dispatcher.onAttempt((delivery) => send({ type: 'webhook.attempt', accountSid: delivery.accountSid, delivery })),
    ];
    ws.on('close', () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
    });
    ws.send(JSON.stringify({ type: 'hello', accountSid, at: new Date(sim.clock.now()).toISOString() }));
  }

  return {
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
