// G.711 μ-law, the only encoding Media Streams speaks, through the alawmulaw package (no hand-written codec), and
// the frame geometry every stream shares: 8 kHz mono, 20 ms frames of 160 bytes.
import alawmulaw from 'alawmulaw';

export const SAMPLE_RATE = 8_000;
export const FRAME_MS = 20;
export const FRAME_BYTES = (SAMPLE_RATE * FRAME_MS) / 1000;
/** μ-law's code for a zero sample: what a silent line carries. */
export const MULAW_SILENCE = 0xff;

export const encodeMulaw = (pcm: Int16Array): Uint8Array => alawmulaw.mulaw.encode(pcm);
export const decodeMulaw = (mulaw: Uint8Array): Int16Array => alawmulaw.mulaw.decode(mulaw);

export const silentFrame = (): Uint8Array => new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);
/** One shared silent frame, for reading only: most frames of most calls are silence, so it is never copied. */
export const SILENT_FRAME: Uint8Array = silentFrame();
/** Its base64, computed once. */
export const SILENT_FRAME_BASE64 = Buffer.from(SILENT_FRAME).toString('base64');

/** Bytes of μ-law for a span of time. */
export const bytesFor = (ms: number): number => Math.round((ms * SAMPLE_RATE) / 1000);
