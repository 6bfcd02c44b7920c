// A websocket server on 127.0.0.1 standing in for a voice agent: it keeps every connection's handshake headers and
// messages, lets a test send anything back, and resolves waits on arriving messages (never on time).
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface AgentConnection {
  socket: WebSocket;
  request: IncomingMessage;
  messages: any[];
  closed: Promise<number>;
  /** Resolves once `predicate` holds over the messages so far (checked on every message). */
  until(predicate: (messages: any[]) => boolean): Promise<void>;
  send(message: unknown): void;
}

export interface AgentServer {
  url: string;
  /** The wss:// URL a <Stream> names (the simulator reaches loopback wss:// as ws://). */
  wssUrl: string;
  connections: AgentConnection[];
  nextConnection(): Promise<AgentConnection>;
  close(): Promise<void>;
}

export async function startAgentServer(onConnection?: (c: AgentConnection) => void): Promise<AgentServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const connections: AgentConnection[] = [];
  const waiting: Array<(c: AgentConnection) => void> = [];
  let handedOut = 0;
  server.on('connection', (socket, request) => {
    const messages: any[] = [];
    const watchers = new Set<() => void>();
    const connection: AgentConnection = {
      socket,
      request,
      messages,
      closed: new Promise((resolve) => socket.on('close', (code) => resolve(code))),
      until: (predicate) =>
        new Promise((resolve, reject) => {
          if (predicate(messages)) return resolve();
          const check = () => {
            if (!predicate(messages)) return;
            watchers.delete(check);
            resolve();
          };
          watchers.add(check);
          socket.on('close', () => {
            if (watchers.delete(check)) reject(new Error(`socket closed; ${messages.length} messages: ${summary(messages)}`));
          });
        }),
      send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    };
    socket.on('error', () => undefined);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) messages.push(JSON.parse(data.toString()));
      for (const watcher of [...watchers]) watcher();
    });
    connections.push(connection);
    onConnection?.(connection);
    const waiter = waiting.shift();
    if (waiter) waiter(connection);
  });
  return {
    url: `ws://127.0.0.1:${port}/agent`,
    wssUrl: `wss://127.0.0.1:${port}/agent`,
    connections,
    nextConnection: () =>
      new Promise((resolve) => {
        const ready = connections[handedOut];
        if (ready) {
          handedOut++;
          return resolve(ready);
        }
        waiting.push((c) => {
          handedOut++;
          resolve(c);
        });
      }),
    async close() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function summary(messages: any[]): string {
  return messages.map((m) => m.event).join(',');
}
