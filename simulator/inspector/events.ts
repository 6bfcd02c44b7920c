// The /__sim/events websocket, signed in by its first message so the token never appears in a URL (URLs end up
// in request logs, proxies and history). The server answers `hello` once it accepts, or closes 4401 when not.
import type { Credentials } from './api.js';

export type Frame = { type: string; at: string; accountSid?: string } & Record<string, any>;

const REFUSED = 4401;
const RECONNECT_MS = 2_000;

export interface EventStreamHandlers {
  onFrame(frame: Frame): void;
  onState(state: 'connecting' | 'live' | 'offline' | 'refused', detail?: string): void;
}

export class EventStream {
  #socket: WebSocket | undefined;
  #stopped = false;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly account: Credentials,
    private readonly handlers: EventStreamHandlers,
  ) {}

  /** Resolves once the server said hello; rejects when it refused the credentials. */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.handlers.onState('connecting');
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      const socket = new WebSocket(`${scheme}://${location.host}/__sim/events`);
      this.#socket = socket;
      let greeted = false;
      socket.addEventListener('open', () =>
        socket.send(JSON.stringify({ type: 'auth', accountSid: this.account.sid, authToken: this.account.token })),
      );
      socket.addEventListener('message', (message) => {
        const frame = JSON.parse(String(message.data)) as Frame;
        if (frame.type === 'hello') {
          greeted = true;
          this.handlers.onState('live');
          resolve();
        }
        this.handlers.onFrame(frame);
      });
      socket.addEventListener('close', (event) => {
        if (event.code === REFUSED) {
          this.handlers.onState('refused', event.reason);
          return reject(new Error(event.reason || 'Wrong account SID or auth token'));
        }
        if (!greeted) reject(new Error(event.reason || 'The simulator did not answer'));
        if (this.#stopped) return;
        this.handlers.onState('offline');
        // A restarted simulator comes back on the same port; reconnect quietly rather than asking to sign in again.
        this.#retry = setTimeout(() => void this.open().catch(() => {}), RECONNECT_MS);
      });
    });
  }

  close(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#socket?.close(1000, 'Switching account');
  }
}
