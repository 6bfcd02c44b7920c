// The agent's audio on its way to the callee: a queue played out one 20 ms frame per tick, with the marks the
// agent placed in it. A mark comes back once every byte queued before it has played; `clear` empties the queue
// and hands back every pending mark at once.
import { FRAME_BYTES, silentFrame } from '../audio/codec.js';

export class Playout {
  #chunks: Uint8Array[] = [];
  /** Bytes waiting to play. */
  #buffered = 0;
  /** Offset into #chunks[0] already played. */
  #offset = 0;
  #queuedTotal = 0;
  #playedTotal = 0;
  #marks: Array<{ name: string; at: number }> = [];

  constructor(private readonly maxBufferedBytes: number) {}

  get bufferedBytes(): number {
    return this.#buffered;
  }

  /** Queue audio; false (nothing queued) when it would pass the buffer's limit. */
  push(audio: Uint8Array): boolean {
    if (this.#buffered + audio.length > this.maxBufferedBytes) return false;
    if (audio.length === 0) return true;
    this.#chunks.push(audio);
    this.#buffered += audio.length;
    this.#queuedTotal += audio.length;
    return true;
  }

  mark(name: string): void {
    this.#marks.push({ name, at: this.#queuedTotal });
  }

  /** The next frame (null when nothing is queued: the line is silent) and the marks it completes. */
  next(): { frame: Uint8Array | null; marks: string[] } {
    let frame: Uint8Array | null = null;
    if (this.#buffered > 0) {
      frame = silentFrame();
      let filled = 0;
      while (filled < FRAME_BYTES && this.#chunks.length > 0) {
        const head = this.#chunks[0]!;
        const take = Math.min(FRAME_BYTES - filled, head.length - this.#offset);
        frame.set(head.subarray(this.#offset, this.#offset + take), filled);
        filled += take;
        this.#offset += take;
        if (this.#offset === head.length) {
          this.#chunks.shift();
          this.#offset = 0;
        }
      }
      this.#buffered -= filled;
      this.#playedTotal += filled;
    }
    return { frame, marks: this.#due() };
  }

  /** Drop everything queued; every pending mark is returned now. */
  clear(): string[] {
    this.#chunks = [];
    this.#offset = 0;
    this.#playedTotal = this.#queuedTotal;
    this.#buffered = 0;
    return this.#due();
  }

  #due(): string[] {
    const due: string[] = [];
    while (this.#marks.length > 0 && this.#marks[0]!.at <= this.#playedTotal) due.push(this.#marks.shift()!.name);
    return due;
  }
}
