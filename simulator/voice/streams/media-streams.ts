// Every Media Stream of every call, and each call's media clock. On `call.stream` a stream is opened; while a
// call has streams, one timer per 20 ms (the kernel's account timers, so the virtual clock drives it) takes the
// callee's next frame and the agent's next played frame, records both, and hands them to the streams. The call
// ending, <Stop><Stream>, a reset or the simulator stopping closes the sockets.
import type { Kernel } from '../../kernel/index.js';
import type { TimerId } from '../../kernel/clock.js';
import type { CallService } from '../../resources/calls/model.js';
import { CALL_LIFECYCLE } from '../../resources/calls/lifecycle.js';
import type { Call } from '../../resources/calls/types.js';
import type { WebhookDispatcher } from '../../webhooks/index.js';
import { CallAudio } from '../audio/call-audio.js';
import { FRAME_MS, SILENT_FRAME } from '../audio/codec.js';
import type { ClipLibrary } from '../audio/clips.js';
import type { VoiceSessions } from '../sessions.js';
import type { Stream } from '../verbs.js';
import { MediaStream, type ResolvedStreamOptions, type StreamHost, type StreamMode, type StreamTrack } from './media-stream.js';

export interface MediaStreamOptions {
  /**
   * A PEM CA to trust for wss:// agents with a self-signed certificate. Without it, a wss:// URL on a loopback host
   * is reached as ws:// (the simulator's convenience; Twilio itself only speaks wss).
   */
  ca?: string | Buffer;
  /** Real milliseconds to open the socket and finish the handshake (default 10000), then 31901. */
  handshakeTimeoutMs?: number;
  /** Largest message accepted from an agent (default 1 MiB). */
  maxMessageBytes?: number;
  maxSocketBufferBytes?: number;
}

interface CallMedia {
  call: Call;
  audio: CallAudio;
  streams: Set<MediaStream>;
  timer: TimerId | undefined;
}

/** Recordings are kept for the most recent calls only. */
const MAX_RECORDINGS = 200;
const FORK_TRACKS: Record<string, StreamTrack[]> = {
  inbound_track: ['inbound'],
  outbound_track: ['outbound'],
  both_tracks: ['inbound', 'outbound'],
};

export class MediaStreams {
  readonly #calls = new Map<string, CallMedia>();
  readonly #recordings = new Map<string, { accountSid: string; audio: CallAudio }>();
  /** Every stream by its MZ sid (for the REST Streams subresource), the most recent ones only. */
  readonly #bySid = new Map<string, { stream: MediaStream; stoppedAt: number | null }>();
  readonly #host: StreamHost;

  constructor(
    private readonly kernel: Kernel,
    private readonly dispatcher: WebhookDispatcher,
    private readonly calls: CallService,
    private readonly voice: VoiceSessions,
    private readonly clips: ClipLibrary,
    options: MediaStreamOptions = {},
  ) {
    const resolved: ResolvedStreamOptions = {
      ca: options.ca,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
      maxMessageBytes: options.maxMessageBytes ?? 1024 * 1024,
      maxSocketBufferBytes: options.maxSocketBufferBytes ?? 4 * 1024 * 1024,
    };
    this.#host = this.#makeHost(resolved);
    kernel.events.on('call.stream', ({ call, mode, stream }) => this.#begin(call, mode, stream));
    kernel.events.on('call.stream-stop', ({ call, name }) => {
      for (const s of this.#calls.get(call.sid)?.streams ?? []) if (name === null || s.spec.name === name) s.stop('<Stop><Stream>');
    });
    kernel.events.on('call.input', ({ call, input }) => {
      if (!('digits' in input)) return;
      for (const s of this.#calls.get(call.sid)?.streams ?? []) for (const digit of input.digits) s.dtmf(digit);
    });
    kernel.events.on('call.status', ({ call }) => {
      if (!CALL_LIFECYCLE[call.status].final) return;
      for (const s of [...(this.#calls.get(call.sid)?.streams ?? [])]) s.stop('the call ended');
    });
    kernel.onAccountReset((accountSid) => {
      for (const media of [...this.#calls.values()]) if (media.call.accountSid === accountSid) this.#drop(media);
      for (const [sid, r] of this.#recordings) if (r.accountSid === accountSid) this.#recordings.delete(sid);
      for (const [sid, r] of this.#bySid) if (r.stream.call.accountSid === accountSid) this.#bySid.delete(sid);
    });
  }

  /** Sockets not yet fully closed, across every call (a leak check counts these). */
  openSockets(): number {
    let open = 0;
    for (const media of this.#calls.values()) for (const s of media.streams) if (s.holdsSocket) open++;
    return open + this.#closing.size;
  }

  /** What was heard on a call, as a stereo WAV (callee left, agent right); null when it had no stream. */
  recording(accountSid: string, callSid: string): Uint8Array | null {
    const r = this.#recordings.get(callSid);
    return r && r.accountSid === accountSid ? r.audio.wav() : null;
  }

  /** The simulator stops: every socket goes at once. */
  closeAll(): void {
    for (const media of [...this.#calls.values()]) this.#drop(media);
  }

  /** Streams that have ended but whose socket is still closing (so the leak count sees them until it is gone). */
  readonly #closing = new Set<MediaStream>();

  /** The REST Streams subresource: a fork started on a live call, as <Start><Stream> would. */
  startFork(call: Call, verb: Stream): MediaStream | null {
    return this.#begin(call, 'start', verb);
  }

  /** A stream by sid on a call, with when it stopped (null while it runs). */
  find(callSid: string, streamSid: string): { stream: MediaStream; stoppedAt: number | null } | null {
    const found = this.#bySid.get(streamSid);
    return found && found.stream.call.sid === callSid ? found : null;
  }

  #begin(call: Call, mode: StreamMode, verb: Stream | null): MediaStream | null {
    if (!verb) {
      if (mode === 'connect') this.voice.connectEnded(call.sid);
      return null;
    }
    const media = this.#mediaOf(call);
    const sid = this.kernel.sids.create('MZ');
    const tracks = mode === 'connect' ? (verb.track === 'inbound_track' ? ['inbound' as const] : null) : (FORK_TRACKS[verb.track] ?? null);
    const stream = new MediaStream(this.#host, call, {
      sid,
      name: verb.name,
      url: verb.url,
      mode,
      tracks: tracks ?? [],
      parameters: Object.fromEntries(verb.parameters.filter((p) => p.name !== '').map((p) => [p.name, p.value])),
      statusCallback: verb.statusCallback,
      statusCallbackMethod: verb.statusCallbackMethod,
    });
    media.streams.add(stream);
    this.#bySid.set(sid, { stream, stoppedAt: null });
    while (this.#bySid.size > MAX_RECORDINGS * 4) this.#bySid.delete(this.#bySid.keys().next().value!);
    if (!tracks) {
      const allowed = mode === 'connect' ? 'inbound_track' : 'inbound_track, outbound_track or both_tracks';
      const message = `Invalid track '${verb.track}': <${mode === 'connect' ? 'Connect' : 'Start'}><Stream> takes ${allowed}`;
      this.#host.alert(call, 31941, message);
      this.#host.note(call, 'stream-error', { streamSid: sid, code: 31941, message });
      this.#host.status(stream, 'stream-error', `31941: invalid track '${verb.track}'`);
      this.#host.ended(stream);
      return stream;
    }
    this.kernel.clockOf(call.accountSid).track(stream.connect());
    this.#arm(media);
    return stream;
  }

  #mediaOf(call: Call): CallMedia {
    const existing = this.#calls.get(call.sid);
    if (existing) return existing;
    const callee = this.calls.calleeOf(call);
    const clips = [];
    for (const item of callee.audio ?? []) {
      const audio = this.clips.get(item.clip);
      if (audio) clips.push({ atMs: item.atMs, audio });
      else this.#host.note(call, 'callee-clip-missing', { clip: item.clip, dir: this.clips.dir });
    }
    const media: CallMedia = { call, audio: new CallAudio(clips), streams: new Set(), timer: undefined };
    this.#calls.set(call.sid, media);
    this.#recordings.set(call.sid, { accountSid: call.accountSid, audio: media.audio });
    while (this.#recordings.size > MAX_RECORDINGS) this.#recordings.delete(this.#recordings.keys().next().value!);
    return media;
  }

  /** Schedule the next frame boundary of the call's media clock (frame 0 is the first 20 ms after answer). */
  #arm(media: CallMedia): void {
    if (media.timer !== undefined) return;
    const now = this.kernel.now(media.call.accountSid);
    const answeredAt = media.call.answerTime ?? now;
    const index = Math.max(0, Math.floor((now - answeredAt) / FRAME_MS));
    this.#schedule(media, answeredAt, index);
  }

  #schedule(media: CallMedia, answeredAt: number, index: number): void {
    media.timer = this.kernel.timers.at(media.call.accountSid, answeredAt + (index + 1) * FRAME_MS, () => {
      media.timer = undefined;
      if (media.streams.size === 0) return;
      const written = this.#tick(media, answeredAt, index);
      this.#schedule(media, answeredAt, index + 1);
      return written;
    });
  }

  /** Frame `index`: the callee's audio and the agent's, recorded and sent to every open stream. */
  #tick(media: CallMedia, answeredAt: number, index: number): Promise<void> | undefined {
    const callee = media.audio.calleeFrame(index);
    media.audio.record('callee', index, callee);
    let agent: Uint8Array | null = null;
    for (const stream of media.streams) {
      if (!stream.playout || !stream.open) continue;
      const played = stream.playout.next();
      agent = played.frame ?? agent;
      stream.marks(played.marks);
    }
    if (agent) media.audio.record('agent', index, agent);
    const outbound = agent ?? SILENT_FRAME;
    const frameStart = answeredAt + index * FRAME_MS;
    for (const stream of media.streams) stream.frame(frameStart, callee, outbound);
    // The frames are with the OS now. On the virtual clock, give the event loop one turn before time moves on, so
    // whatever the agent already sent back (audio, marks, a close) is read during this frame rather than after a
    // whole advance. That is all it waits for: never for the agent to answer. Real time needs no such turn.
    if (this.kernel.clockOf(media.call.accountSid).kind === 'real') return undefined;
    return new Promise<void>((resolve) => setImmediate(resolve));
  }

  #drop(media: CallMedia): void {
    for (const s of media.streams) {
      s.terminate();
      this.#closing.add(s);
      this.#forgetWhenClosed(s);
    }
    media.streams.clear();
    this.kernel.timers.cancel(media.timer);
    media.timer = undefined;
    this.#calls.delete(media.call.sid);
  }

  #makeHost(options: ResolvedStreamOptions): StreamHost {
    const kernel = this.kernel;
    return {
      options,
      authToken: (call) => kernel.accounts.get(call.accountSid)?.account.authToken ?? null,
      alert: (call, code, message) => {
        kernel.alerts.raise(call.accountSid, code, message, call.sid);
        this.#host.note(call, 'alert', { code, message });
      },
      note: (call, name, detail) => {
        const account = kernel.accounts.get(call.accountSid);
        if (account) this.calls.note(account, call, { kind: name === 'alert' ? 'alert' : 'event', name, detail });
      },
      status: (stream, event, error) => this.#statusCallback(stream, event, error),
      now: (call) => kernel.now(call.accountSid),
      ended: (stream) => {
        const record = this.#bySid.get(stream.sid);
        if (record && record.stoppedAt === null) record.stoppedAt = kernel.now(stream.call.accountSid);
        const media = this.#calls.get(stream.call.sid);
        if (media?.streams.delete(stream)) {
          if (stream.holdsSocket) this.#closing.add(stream);
          if (media.streams.size === 0) {
            kernel.timers.cancel(media.timer);
            media.timer = undefined;
            this.#calls.delete(stream.call.sid);
          }
        }
        this.#forgetWhenClosed(stream);
        if (stream.spec.mode === 'connect') this.voice.connectEnded(stream.call.sid);
      },
    };
  }

  #forgetWhenClosed(stream: MediaStream): void {
    if (!stream.holdsSocket) {
      this.#closing.delete(stream);
      return;
    }
    void stream.closed.then(() => this.#closing.delete(stream));
  }

  #statusCallback(stream: MediaStream, event: 'stream-started' | 'stream-stopped' | 'stream-error', error?: string): void {
    const url = stream.spec.statusCallback;
    const account = this.kernel.accounts.get(stream.call.accountSid);
    if (!url || !account) return;
    const params: Record<string, string> = {
      AccountSid: stream.call.accountSid,
      CallSid: stream.call.sid,
      StreamSid: stream.sid,
      StreamName: stream.spec.name ?? stream.sid,
      StreamEvent: event,
      Timestamp: new Date(this.kernel.now(stream.call.accountSid)).toISOString(),
    };
    if (error) params.StreamError = error;
    this.kernel.clockOf(account.sid).track(
      this.dispatcher.send({
        accountSid: account.sid,
        authToken: account.account.authToken,
        url,
        method: stream.spec.statusCallbackMethod,
        params,
        kind: 'stream-status',
        resourceSid: stream.sid,
      }),
    );
  }
}
