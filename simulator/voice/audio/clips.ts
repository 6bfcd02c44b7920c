// The callee's audio clips: WAV files in a folder (fixtures/audio by default), named without extension, read once
// and kept as 8 kHz μ-law. A name is a plain word so a script can never reach outside the folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wavToMulaw } from './wav.js';

export const CLIP_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A clip longer than this is cut: a callee script is a rehearsal, not a podcast. */
const MAX_CLIP_BYTES = 8_000 * 120;

export class ClipLibrary {
  readonly #cache = new Map<string, Uint8Array | null>();

  constructor(readonly dir: string) {}

  /** The clip as μ-law, or null when there is no such (readable) WAV. */
  get(name: string): Uint8Array | null {
    if (!CLIP_NAME.test(name)) return null;
    if (this.#cache.has(name)) return this.#cache.get(name)!;
    let clip: Uint8Array | null = null;
    try {
      clip = wavToMulaw(readFileSync(join(this.dir, `${name}.wav`))).subarray(0, MAX_CLIP_BYTES);
    } catch {
      clip = null;
    }
    this.#cache.set(name, clip);
    return clip;
  }
}
