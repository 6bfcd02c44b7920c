// Resource SIDs: two letters + 32 hex digits, drawn from a seeded PRNG so a run with the same seed produces the same
// SIDs (stable logs and snapshots), while separate simulator instances with different seeds never collide in practice.

export type SidPrefix = 'AC' | 'SM' | 'MM' | 'ME' | 'CA' | 'PN' | 'SK' | 'MG' | 'RE' | 'QU' | 'MZ' | 'XE' | 'NO';

/** mulberry32: tiny, fast, good enough for identifiers (not for secrets). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SidFactory {
  #next: () => number;
  #drawn = 0;

  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  /** How many SIDs this factory has made (a journal records it, so a replay with the same seed can skip them). */
  get drawn(): number {
    return this.#drawn;
  }

  /** Draw (and forget) SIDs until `count` have been made: the same seed after a restart never repeats one. */
  skipTo(count: number): void {
    while (this.#drawn < count) this.create('SM');
  }

  create(prefix: SidPrefix): string {
    this.#drawn++;
    let hex = '';
    while (hex.length < 32)
      hex += Math.floor(this.#next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return prefix + hex.slice(0, 32);
  }
}
