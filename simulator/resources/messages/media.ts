// Media attached to a message (MMS, or inbound pictures): one Media resource per MediaUrl. The content type is
// inferred from the URL's extension, as the simulator never downloads anything.
import { notFound } from '../../kernel/errors.js';
import type { SidFactory } from '../../kernel/ids.js';
import type { MediaItem, Message } from './types.js';

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  pdf: 'application/pdf',
  vcf: 'text/vcard',
  txt: 'text/plain',
};

export function contentTypeOf(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // not absolute; use it as it is
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (extension && TYPES[extension]) || 'application/octet-stream';
}

/** Most messages carry no media: they share one frozen empty list (100k messages, 100k fewer arrays). */
const NO_MEDIA: MediaItem[] = Object.freeze([]) as unknown as MediaItem[];

export function mediaFor(urls: string[], sids: SidFactory, now: number): MediaItem[] {
  if (urls.length === 0) return NO_MEDIA;
  return urls.map((url) => ({ sid: sids.create('ME'), url, contentType: contentTypeOf(url), dateCreated: now }));
}

export function findMedia(message: Message, sid: string): MediaItem {
  const item = message.media.find((m) => m.sid === sid);
  if (!item) {
    throw notFound(`Media ${sid} of message ${message.sid} was not found`);
  }
  return item;
}
