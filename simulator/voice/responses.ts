// What a TwiML URL's answer means, by its content type, as Twilio treats it: XML (and text/html) is parsed as
// TwiML, audio is played and the call hangs up, text/plain runs as TwiML when it parses and is read out otherwise,
// anything else is 12300. An empty body counts as an empty document (the call simply ends).
import { MAX_TWIML_BYTES, parseTwimlDocument } from '../twiml/document.js';
export type FetchedTwiml =
  | { kind: 'xml'; xml: string }
  | { kind: 'audio' }
  | { kind: 'text'; text: string }
  | { kind: 'error'; code: number; reason: string };

const XML_TYPES = new Set(['text/xml', 'application/xml', 'text/html']);

export function fetchedTwiml(body: string, contentType: string | null): FetchedTwiml {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (XML_TYPES.has(type)) return { kind: 'xml', xml: body.trim() === '' ? '<Response/>' : body };
  if (type.startsWith('audio/')) return { kind: 'audio' };
  if (type === 'text/plain') {
    const trimmed = body.trim();
    // Twilio's 64 kB cap holds for any document, read out or not.
    if (Buffer.byteLength(trimmed, 'utf8') > MAX_TWIML_BYTES)
      return { kind: 'error', code: 11750, reason: 'TwiML response body too large' };
    // Only a document that parses is TwiML: "<3 see you soon" is text to read out, not a broken document.
    if (trimmed.startsWith('<') && parseTwimlDocument(trimmed).ok) return { kind: 'xml', xml: trimmed };
    return trimmed === '' ? { kind: 'xml', xml: '<Response/>' } : { kind: 'text', text: trimmed };
  }
  return { kind: 'error', code: 12300, reason: `Invalid Content-Type '${type || '(none)'}' for TwiML` };
}
