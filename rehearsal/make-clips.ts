// Writes the audio fixtures (fixtures/audio/*.wav): short synthetic "voices" — a buzzy fundamental with a few
// harmonics, shaped into syllables with a little breath noise — so callee scripts and the rehearsal agent have
// something speech-like to play without shipping recordings. Deterministic: same bytes on every run.
//   npx tsx rehearsal/make-clips.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monoWav } from '../simulator/voice/audio/wav.js';

const RATE = 8_000;

interface Voice {
  /** Fundamental, Hz. */
  pitch: number;
  /** Syllable lengths, ms (a pause of 80 ms follows each). */
  syllables: number[];
  loudness: number;
}

function speak(voice: Voice, seed: number): Int16Array {
  let state = seed;
  const noise = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 30 - 1;
  };
  const total = voice.syllables.reduce((sum, ms) => sum + ms + 80, 0);
  const out = new Int16Array(Math.round((total * RATE) / 1000));
  let at = 0;
  voice.syllables.forEach((ms, i) => {
    const length = Math.round((ms * RATE) / 1000);
    // Each syllable glides its pitch a little, as speech does.
    const glide = 1 + (i % 2 === 0 ? 0.08 : -0.05);
    for (let n = 0; n < length; n++) {
      const t = n / RATE;
      const envelope = Math.sin((Math.PI * n) / length) ** 2;
      const f = voice.pitch * (1 + (glide - 1) * (n / length));
      let sample = 0;
      for (let h = 1; h <= 4; h++) sample += Math.sin(2 * Math.PI * f * h * t) / h;
      sample = sample * 0.8 + noise() * 0.1;
      out[at + n] = Math.round(sample * envelope * voice.loudness * 12_000);
    }
    at += length + Math.round((80 * RATE) / 1000);
  });
  return out;
}

const CLIPS: Record<string, Voice> = {
  // The callee (a lower voice).
  'callee-hello': { pitch: 120, syllables: [220, 300], loudness: 1 },
  'callee-question': { pitch: 130, syllables: [180, 160, 200, 260], loudness: 1 },
  'callee-yes': { pitch: 125, syllables: [350], loudness: 1 },
  // The rehearsal agent (a higher voice).
  'agent-greeting': { pitch: 210, syllables: [200, 180, 220, 160, 300], loudness: 0.9 },
  'agent-reply': { pitch: 200, syllables: [180, 240, 200], loudness: 0.9 },
  'agent-digit': { pitch: 230, syllables: [150, 150], loudness: 0.9 },
  'agent-goodbye': { pitch: 190, syllables: [250, 350], loudness: 0.9 },
};

const dir = join(import.meta.dirname, '..', 'fixtures', 'audio');
let seed = 7;
for (const [name, voice] of Object.entries(CLIPS)) {
  writeFileSync(join(dir, `${name}.wav`), monoWav(speak(voice, seed++), RATE));
}
console.log(`wrote ${Object.keys(CLIPS).length} clips to ${dir}`);
