// One Media Stream: the simulator as Twilio's websocket client for one <Connect><Stream> (bidirectional) or
// <Start><Stream> (a fork). It opens the socket (signed handshake), sends connected → start, then whatever the
// call's media clock hands it each 20 ms, dtmf (bidirectional only) and finally stop. What the agent sends back is
// read strictly; bad input raises Twilio's warnings once per stream and the stream goes on.
import WebSocket from 'ws';
import type { Call } from '../../resources/calls/types.js';
import { signatureFor } from '../../webhooks/signature.js';
import { bytesFor } from '../audio/codec.js';
import { connectedMessage, dtmfMessage, markMessage, mediaJson, readAppMessage, startMessage, stopMessage } from './messages.js';
import { Playout } from './playout.js';
import { streamTarget } from './stream-target.js';

export type StreamMode = 'connect' | 'start';
export type StreamTrack = 'inbound' | 'outbound';

export interface ResolvedStreamOptions {
  ca: string | Buffer | undefined;
  handshakeTimeoutMs: number;
  maxMessageBytes: number;
  /** Bytes the socket may hold unsent before frames are dropped (an agent that stopped reading). */
  maxSocketBufferBytes: number;
}

/** What a stream needs from the world around it; the registry (media-streams.ts) provides it. */
export interface StreamHost {
  readonly options: ResolvedStreamOptions;
  authToken(call: Call): string | null;
  alert(call: Call, code: number, message: string): void;
  note(call: Call, name: string, detail: Record<string, unknown>): void;
  /** stream-started / stream-stopped / stream-error to the Stream's statusCallback. */
  status(stream: MediaStream, event: 'stream-started' | 'stream-stopped' | 'stream-error', error?: string): void;
  /** Now on the clock of the call's account. */
  now(call: Call): number;
  /** The stream is over (closed, failed or stopped); a <Connect> then goes on with its TwiML. */
  ended(stream: MediaStream): void;
}

export interface StreamSpec {
  sid: string;
  name: string | null;
  url: string;
  mode: StreamMode;
  tracks: StreamTrack[];
  parameters: Record<string, string>;
  statusCallback: string | null;
  statusCallbackMethod: 'GET' | 'POST';
}

/** Twilio keeps at most 10 minutes of an agent's audio waiting to play (31931 beyond). */
const MAX_AGENT_BUFFER_BYTES = bytesFor(10 * 60 * 1000);

export class MediaStream {
  readonly playout: Playout | null;
  #ws: WebSocket | null = null;
  #state: 'connecting' | 'open' | 'over' = 'connecting';
  #seq = 0;
  readonly #chunks: Record<StreamTrack, number> = { inbound: 0, outbound: 0 };
  #openedAt = 0;
  readonly #warned = new Set<number>();
  #markClosed: () => void = () => undefined;
  /** Settles when the socket is fully closed (or was never opened). */
  readonly closed = new Promise<void>((resolve) => {
    this.#markClosed = resolve;
  });

  constructor(
    private readonly host: StreamHost,
    readonly call: Call,
    readonly spec: StreamSpec,
  ) {
    this.playout = spec.mode === 'connect' ? new Playout(MAX_AGENT_BUFFER_BYTES) : null;
  }

  get sid(): string {
    return this.spec.sid;
  }

  get open(): boolean {
    return this.#state === 'open';
  }

  /** A socket exists that is not yet fully closed (what the leak test counts). */
  get holdsSocket(): boolean {
    return this.#ws !== null && this.#ws.readyState !== WebSocket.CLOSED;
  }

  /** Open the websocket. The returned promise settles once the stream is open or has failed. */
  connect(): Promise<void> {
    const { host, call, spec } = this;
    const target = streamTarget(spec.url, { hasCa: host.options.ca !== undefined });
    if (!target.ok) {
      this.#markClosed();
      this.#fail(target.code, target.reason);
      return Promise.resolve();
    }
    const token = host.authToken(call);
    const headers: Record<string, string> = { 'User-Agent': 'TwilioProxy/1.1' };
    if (token) headers['X-Twilio-Signature'] = signatureFor(token, target.url, {});
    let ws: WebSocket;
    try {
      ws = new WebSocket(target.connect, {
        headers,
        handshakeTimeout: host.options.handshakeTimeoutMs,
        maxPayload: host.options.maxMessageBytes,
        perMessageDeflate: false,
        followRedirects: false,
        ca: host.options.ca,
      });
    } catch (error) {
      this.#markClosed();
      this.#fail(31923, `Stream URL '${spec.url}' cannot be opened: ${(error as Error).message}`);
      return Promise.resolve();
    }
    this.#ws = ws;
    // Until the socket exists there is nothing to wait for when closing.
    return new Promise<void>((resolve) => {
      ws.on('unexpected-response', (request, response) => {
        response.resume();
        request.destroy();
        this.#fail(31920, `Stream handshake failed: ${spec.url} answered HTTP ${response.statusCode}, not 101`);
        resolve();
      });
      ws.on('error', (error: NodeJS.ErrnoException) => {
        this.#fail(...classify(error, spec.url));
        resolve();
      });
      ws.on('open', () => {
        if (this.#state !== 'connecting') return resolve();
        this.#state = 'open';
        this.#openedAt = host.now(this.call);
        this.#send(connectedMessage());
        this.#send(startMessage(++this.#seq, this.#startInfo()));
        host.note(call, 'stream-started', { streamSid: spec.sid, mode: spec.mode });
        host.status(this, 'stream-started');
        resolve();
      });
      ws.on('message', (data, isBinary) => this.#receive(data, isBinary));
      ws.on('close', (code) => {
        resolve();
        this.#markClosed();
        if (this.#state === 'over') return;
        this.#state = 'over';
        // The agent hung up its side: a <Connect> goes on with its TwiML. 1006 means no close frame came at all.
        if (code === 1006) this.#warn(31921, `The stream's server closed the socket without a close frame (${spec.url})`, false);
        host.note(call, 'stream-closed-by-server', { streamSid: spec.sid, code });
        host.status(this, 'stream-stopped');
        host.ended(this);
      });
    });
  }

  /**
   * One 20 ms frame of each track this stream carries, starting at `frameStartMs` on the clock, handed to the
   * socket now. A socket whose peer stopped reading gets no more frames (31930 once), so it cannot hold the clock.
   */
  frame(frameStartMs: number, inbound: Uint8Array, outbound: Uint8Array): void {
    if (this.#state !== 'open' || !this.#ws) return;
    if (this.#ws.bufferedAmount > this.host.options.maxSocketBufferBytes) {
      this.#warn(31930, `The stream's server is not reading: frames are dropped (${this.spec.url})`, false);
      return;
    }
    const timestamp = Math.max(0, frameStartMs - this.#openedAt);
    for (const track of this.spec.tracks) {
      const payload = track === 'inbound' ? inbound : outbound;
      this.#send(mediaJson(++this.#seq, this.sid, { track, chunk: ++this.#chunks[track], timestamp, payload }));
    }
  }

  /** Marks whose audio has played (or was cleared) go back to the agent. */
  marks(names: string[]): void {
    if (this.#state !== 'open') return;
    for (const name of names) this.#send(markMessage(++this.#seq, this.sid, name));
  }

  /** The callee pressed a key: only bidirectional streams hear about it. */
  dtmf(digit: string): void {
    if (this.spec.mode !== 'connect' || this.#state !== 'open') return;
    this.#send(dtmfMessage(++this.#seq, this.sid, digit));
  }

  /** The call ended or <Stop> named this stream: say stop, close the socket. */
  stop(reason: string): void {
    if (this.#state === 'over') return;
    const wasOpen = this.#state === 'open';
    this.#state = 'over';
    const ws = this.#ws;
    if (wasOpen && ws) {
      this.#send(stopMessage(++this.#seq, this.sid, this.call.accountSid, this.call.sid));
      ws.close(1000, 'stream stopped');
      this.host.status(this, 'stream-stopped');
    } else ws?.terminate();
    this.host.note(this.call, 'stream-stopped', { streamSid: this.sid, reason });
    this.host.ended(this);
  }

  /** Reset or shutdown: drop the socket at once, no goodbye. */
  terminate(): void {
    this.#state = 'over';
    this.#ws?.terminate();
  }

  #receive(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.#state !== 'open') return;
    if (isBinary) return this.#warn(31950, 'Media Streams received a binary message; only JSON text is understood', true);
    const message = readAppMessage(data.toString(), this.sid);
    if (message.event === 'invalid') return this.#warn(31951, `Invalid Media Streams message: ${message.reason}`, true);
    const playout = this.playout;
    if (!playout) return this.#warn(31951, `Invalid Media Streams message: '${message.event}' needs a bidirectional stream`, true);
    if (message.event === 'media') {
      if (!playout.push(message.payload)) this.#warn(31931, 'More than 10 minutes of audio is waiting to play: audio dropped', false);
    } else if (message.event === 'mark') playout.mark(message.name);
    else this.marks(playout.clear());
  }

  /**
   * Hand a message to the socket. ws writes it to the OS at once when the socket can take it (no promise to wait
   * for); a peer that stopped reading fills `bufferedAmount`, which frame() checks, so nothing here can block.
   */
  #send(message: object | string): boolean {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    return true;
  }

  /** A warning is raised once per stream and code; `reported` ones also go to the statusCallback. */
  #warn(code: number, message: string, reported: boolean): void {
    if (this.#warned.has(code)) return;
    this.#warned.add(code);
    this.host.alert(this.call, code, message);
    if (reported) this.host.status(this, 'stream-error', `${code}: ${message}`);
  }

  #fail(code: number, message: string): void {
    if (this.#state === 'over') return;
    this.#state = 'over';
    this.#ws?.terminate();
    this.host.alert(this.call, code, message);
    this.host.note(this.call, 'stream-error', { streamSid: this.sid, code, message });
    this.host.status(this, 'stream-error', `${code}: ${message}`);
    this.host.ended(this);
  }

  #startInfo() {
    return {
      streamSid: this.sid,
      accountSid: this.call.accountSid,
      callSid: this.call.sid,
      tracks: this.spec.tracks,
      customParameters: this.spec.parameters,
    };
  }
}

function classify(error: NodeJS.ErrnoException, url: string): [number, string] {
  const detail = `${url}: ${error.message}`;
  if (error.code === 'ECONNREFUSED') return [31902, `Stream connection refused: ${detail}`];
  if (error.code === 'ETIMEDOUT' || /handshake has timed out/i.test(error.message))
    return [31901, `Stream connection timed out: ${detail}`];
  if (error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
    return [31904, `Stream host unreachable: ${detail}`];
  if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return [31903, `Stream broken pipe: ${detail}`];
  if (/CERT|SSL|TLS|self.signed/i.test(`${error.code} ${error.message}`)) return [31910, `Stream TLS handshake failed: ${detail}`];
  return [31924, `Stream websocket protocol error: ${detail}`];
}
