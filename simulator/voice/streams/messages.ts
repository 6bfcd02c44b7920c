// Media Streams' JSON messages as Twilio's websocket-messages page shows them: what the simulator sends (numbers as
// strings, `connected` without a sequenceNumber) and a strict reading of what an app may send back (media, mark,
// clear). Anything else is an invalid message (31951); a binary frame is undecodable (31950).
import { SILENT_FRAME, SILENT_FRAME_BASE64 } from '../audio/codec.js';

export interface StartInfo {
  streamSid: string;
  accountSid: string;
  callSid: string;
  tracks: Array<'inbound' | 'outbound'>;
  customParameters: Record<string, string>;
}

export const connectedMessage = () => ({ event: 'connected', protocol: 'Call', version: '1.0.0' });

export const startMessage = (seq: number, info: StartInfo) => ({
  event: 'start',
  sequenceNumber: String(seq),
  start: {
    accountSid: info.accountSid,
    streamSid: info.streamSid,
    callSid: info.callSid,
    tracks: info.tracks,
    customParameters: info.customParameters,
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
  },
  streamSid: info.streamSid,
});

/**
 * A media message as JSON text, written out by hand: it goes 50 times a second per track, and every value in it
 * (a fixed track name, numbers, base64, a hex SID) needs no escaping. Same shape and key order as the others.
 */
export const mediaJson = (
  seq: number,
  streamSid: string,
  media: { track: 'inbound' | 'outbound'; chunk: number; timestamp: number; payload: Uint8Array },
): string => {
  const payload =
    media.payload === SILENT_FRAME
      ? SILENT_FRAME_BASE64
      : Buffer.from(media.payload.buffer, media.payload.byteOffset, media.payload.byteLength).toString('base64');
  return `{"event":"media","sequenceNumber":"${seq}","media":{"track":"${media.track}","chunk":"${media.chunk}","timestamp":"${media.timestamp}","payload":"${payload}"},"streamSid":"${streamSid}"}`;
};

export const dtmfMessage = (seq: number, streamSid: string, digit: string) => ({
  event: 'dtmf',
  streamSid,
  sequenceNumber: String(seq),
  dtmf: { track: 'inbound_track', digit },
});

export const markMessage = (seq: number, streamSid: string, name: string) => ({
  event: 'mark',
  sequenceNumber: String(seq),
  streamSid,
  mark: { name },
});

export const stopMessage = (seq: number, streamSid: string, accountSid: string, callSid: string) => ({
  event: 'stop',
  sequenceNumber: String(seq),
  stop: { accountSid, callSid },
  streamSid,
});

export type AppMessage =
  | { event: 'media'; payload: Uint8Array }
  | { event: 'mark'; name: string }
  | { event: 'clear' }
  | { event: 'invalid'; reason: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** One text frame from the app, checked against the stream it arrived on. */
export function readAppMessage(text: string, streamSid: string): AppMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { event: 'invalid', reason: 'the message is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { event: 'invalid', reason: 'the message is not an object' };
  const message = value as Record<string, unknown>;
  if (message.streamSid !== streamSid) return { event: 'invalid', reason: `streamSid '${String(message.streamSid)}' is not this stream's` };
  switch (message.event) {
    case 'media': {
      const payload = (message.media as Record<string, unknown> | undefined)?.payload;
      if (typeof payload !== 'string' || payload.length % 4 !== 0 || !BASE64.test(payload)) {
        return { event: 'invalid', reason: 'media.payload must be base64 audio' };
      }
      return { event: 'media', payload: new Uint8Array(Buffer.from(payload, 'base64')) };
    }
    case 'mark': {
      const name = (message.mark as Record<string, unknown> | undefined)?.name;
      if (typeof name !== 'string' || name.length === 0 || name.length > 256)
        return { event: 'invalid', reason: 'mark.name must be a string' };
      return { event: 'mark', name };
    }
    case 'clear':
      return { event: 'clear' };
    default:
      return { event: 'invalid', reason: `unknown event '${String(message.event)}'` };
  }
}
