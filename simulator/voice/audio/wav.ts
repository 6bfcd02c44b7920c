// WAV in and out through the wavefile package: any clip (rate, depth, channels) becomes 8 kHz mono μ-law for a
// stream; a call's two tracks come out as one stereo 16-bit WAV anyone can play.
import wavefile from 'wavefile';
import { decodeMulaw, encodeMulaw, MULAW_SILENCE, SAMPLE_RATE } from './codec.js';

/** A WAV file's audio as 8 kHz mono μ-law. Throws when the bytes are not a WAV wavefile can read. */
export function wavToMulaw(bytes: Uint8Array): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromBuffer(bytes);
  // Compressed formats (μ-law, A-law, ADPCM) are expanded first; everything is resampled as 16-bit PCM.
  const format = (wav.fmt as { audioFormat?: number }).audioFormat;
  if (format === 7) wav.fromMuLaw();
  else if (format === 6) wav.fromALaw();
  else if (format === 17) wav.fromIMAADPCM();
  if (wav.bitDepth !== '16') wav.toBitDepth('16');
  if ((wav.fmt as { sampleRate: number }).sampleRate !== SAMPLE_RATE) wav.toSampleRate(SAMPLE_RATE);
  const channels = (wav.fmt as { numChannels: number }).numChannels;
  const interleaved = wav.getSamples(true, Int16Array) as unknown as Int16Array;
  if (channels === 1) return encodeMulaw(interleaved);
  // Mix down to mono: the average of the channels, as a phone line would carry it.
  const mono = new Int16Array(Math.floor(interleaved.length / channels));
  for (let i = 0; i < mono.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[i * channels + c]!;
    mono[i] = Math.round(sum / channels);
  }
  return encodeMulaw(mono);
}

/** Two μ-law tracks (the shorter padded with silence) as a stereo 16-bit PCM WAV at 8 kHz. */
export function stereoWav(left: Uint8Array, right: Uint8Array): Uint8Array {
  const length = Math.max(left.length, right.length);
  const pad = (track: Uint8Array) => {
    if (track.length === length) return track;
    const padded = new Uint8Array(length).fill(MULAW_SILENCE);
    padded.set(track);
    return padded;
  };
  const l = decodeMulaw(pad(left));
  const r = decodeMulaw(pad(right));
  const interleaved = new Int16Array(length * 2);
  for (let i = 0; i < length; i++) {
    interleaved[i * 2] = l[i]!;
    interleaved[i * 2 + 1] = r[i]!;
  }
  const wav = new wavefile.WaveFile();
  wav.fromScratch(2, SAMPLE_RATE, '16', interleaved);
  return wav.toBuffer();
}

/** A mono 16-bit WAV (used by the fixture generator and the rehearsal agent's clips). */
export function monoWav(pcm: Int16Array, sampleRate: number): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, sampleRate, '16', pcm);
  return wav.toBuffer();
}

/** The two channels of a stereo 16-bit WAV, as μ-law (what a test compares against what it sent). */
export function stereoWavToMulaw(bytes: Uint8Array): { left: Uint8Array; right: Uint8Array } {
  const wav = new wavefile.WaveFile();
  wav.fromBuffer(bytes);
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array[];
  return { left: encodeMulaw(samples[0]!), right: encodeMulaw(samples[1]!) };
}
