// What is heard on one call, frame by frame from the moment it was answered: the callee's side comes from the
// script's clips (silence between them), the agent's side from what a <Connect><Stream> plays. Both are kept, so
// the call can be listened to afterwards as a stereo WAV (left: callee, right: agent).
import { FRAME_BYTES, FRAME_MS, MULAW_SILENCE, SILENT_FRAME, silentFrame } from './codec.js';
import { stereoWav } from './wav.js';

export interface ScheduledClip {
  /** Milliseconds after the call was answered. */
  atMs: number;
  audio: Uint8Array;
}

export type Track = 'callee' | 'agent';

/** A recording stops growing here (30 minutes of both tracks is about 29 MB): memory stays bounded. */
const MAX_RECORDED_FRAMES = (30 * 60 * 1000) / FRAME_MS;

class GrowingTrack {
  #bytes = new Uint8Array(0);
  #frames = 0;

  write(frameIndex: number, frame: Uint8Array): void {
    if (frameIndex < 0 || frameIndex >= MAX_RECORDED_FRAMES) return;
    const end = (frameIndex + 1) * FRAME_BYTES;
    if (end > this.#bytes.length) {
      const grown = new Uint8Array(Math.min(MAX_RECORDED_FRAMES * FRAME_BYTES, Math.max(end, this.#bytes.length * 2, FRAME_BYTES * 500)));
      grown.fill(MULAW_SILENCE);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes.set(frame.subarray(0, FRAME_BYTES), frameIndex * FRAME_BYTES);
    this.#frames = Math.max(this.#frames, frameIndex + 1);
  }

  bytes(frames: number): Uint8Array {
    const out = new Uint8Array(frames * FRAME_BYTES).fill(MULAW_SILENCE);
    out.set(this.#bytes.subarray(0, Math.min(this.#bytes.length, out.length)));
    return out;
  }

  get frames(): number {
    return this.#frames;
  }
}

export class CallAudio {
  readonly #clips: Array<{ startFrame: number; audio: Uint8Array }>;
  readonly #tracks: Record<Track, GrowingTrack> = { callee: new GrowingTrack(), agent: new GrowingTrack() };

  constructor(clips: ScheduledClip[]) {
    this.#clips = clips
      .map((c) => ({ startFrame: Math.round(c.atMs / FRAME_MS), audio: c.audio }))
      .sort((a, b) => a.startFrame - b.startFrame);
  }

  /** The callee's frame `frameIndex` (0 = the first 20 ms after answer): a clip's slice, or silence. Read only. */
  calleeFrame(frameIndex: number): Uint8Array {
    // A later clip talks over an earlier one: the last clip that covers this frame wins.
    for (let i = this.#clips.length - 1; i >= 0; i--) {
      const clip = this.#clips[i]!;
      const offset = (frameIndex - clip.startFrame) * FRAME_BYTES;
      if (offset < 0 || offset >= clip.audio.length) continue;
      const slice = clip.audio.subarray(offset, offset + FRAME_BYTES);
      if (slice.length === FRAME_BYTES) return slice;
      const frame = silentFrame();
      frame.set(slice);
      return frame;
    }
    return SILENT_FRAME;
  }

  record(track: Track, frameIndex: number, frame: Uint8Array): void {
    this.#tracks[track].write(frameIndex, frame);
  }

  /** Everything recorded so far, as a stereo WAV: callee left, agent right. */
  wav(): Uint8Array {
    const frames = Math.max(this.#tracks.callee.frames, this.#tracks.agent.frames);
    return stereoWav(this.#tracks.callee.bytes(frames), this.#tracks.agent.bytes(frames));
  }
}
