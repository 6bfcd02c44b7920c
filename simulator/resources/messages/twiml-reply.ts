// The Messaging TwiML a sms_url may answer with: <Response><Message>…</Message></Response>, where a <Message>
// holds text directly or <Body>/<Media> children and may set to/from. Twilio sends at most 10 replies (14109).
import { parseTwimlDocument } from '../../twiml/document.js';

export interface TwimlReply {
  to?: string;
  from?: string;
  body: string;
  mediaUrls: string[];
}

export const MAX_REPLIES = 10;

export type TwimlParse = { ok: true; replies: TwimlReply[]; dropped: number } | { ok: false; errorCode: 12100 | 11750; reason: string };

export function parseMessagingTwiml(xml: string): TwimlParse {
  if (xml.trim() === '') return { ok: true, replies: [], dropped: 0 };
  const parsed = parseTwimlDocument(xml);
  if (!parsed.ok) return parsed;
  if (parsed.root.name !== 'Response') return { ok: false, errorCode: 12100, reason: 'The root element must be <Response>' };
  const replies = parsed.root.children
    .filter((child) => child.name === 'Message')
    .map((m): TwimlReply => {
      const bodies = m.children.filter((c) => c.name === 'Body').map((c) => c.text);
      return {
        to: m.attributes.to,
        from: m.attributes.from,
        body: bodies.length > 0 ? bodies.join('') : m.text,
        mediaUrls: m.children.filter((c) => c.name === 'Media').map((c) => c.text),
      };
    });
  return { ok: true, replies: replies.slice(0, MAX_REPLIES), dropped: Math.max(0, replies.length - MAX_REPLIES) };
}
