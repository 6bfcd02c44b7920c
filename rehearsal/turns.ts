// Energy-based turn taking, frame by frame (no wall time, so it behaves the same on a virtual clock): a few loud
// frames in a row start the caller's turn, half a second of quiet ends it.
import { decodeMulaw } from '../simulator/voice/audio/codec.js';

const LOUD_RMS = 400;
const FRAMES_TO_START = 3;
const QUIET_FRAMES_TO_END = 25;

export type TurnEvent = { type: 'speech-started' } | { type: 'speech-ended'; durationMs: number } | null;

export class TurnDetector {
  #loudRun = 0;
  #quietRun = 0;
  #speakingFrames = 0;
  #speaking = false;

  /** One 20 ms μ-law frame of the caller. */
  push(frame: Uint8Array): TurnEvent {
    const pcm = decodeMulaw(frame);
    let sum = 0;
    for (const s of pcm) sum += s * s;
    const loud = Math.sqrt(sum / Math.max(1, pcm.length)) > LOUD_RMS;
    if (!this.#speaking) {
      this.#loudRun = loud ? this.#loudRun + 1 : 0;
      if (this.#loudRun < FRAMES_TO_START) return null;
      this.#speaking = true;
      this.#speakingFrames = this.#loudRun;
      this.#quietRun = 0;
      return { type: 'speech-started' };
    }
    this.#speakingFrames++;
    this.#quietRun = loud ? 0 : this.#quietRun + 1;
    if (this.#quietRun < QUIET_FRAMES_TO_END) return null;
    this.#speaking = false;
    this.#loudRun = 0;
    return { type: 'speech-ended', durationMs: (this.#speakingFrames - this.#quietRun) * 20 };
  }
}
