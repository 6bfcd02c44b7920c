// The Messaging TwiML a sms_url may answer with: <Response><Message>…</Message></Response>, where a <Message>
// holds text directly or <Body>/<Media> children and may set to/from.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface TwimlReply {
  to?: string;
  from?: string;
  body: string;
  mediaUrls: string[];
}

export type TwimlParse = { ok: true; replies: TwimlReply[] } | { ok: false; errorCode: 12100; reason: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  isArray: (name) => ['Message', 'Body', 'Media'].includes(name),
  parseTagValue: false,
  trimValues: true,
});

const text = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return String((value as Record<string, unknown>)['#text'] ?? '');
  return String(value);
};

export function parseMessagingTwiml(xml: string): TwimlParse {
  if (xml.trim() === '') return { ok: true, replies: [] };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, errorCode: 12100, reason: valid.err.msg };
  const doc = parser.parse(xml) as Record<string, unknown>;
  const response = doc.Response;
  if (response === undefined) return { ok: false, errorCode: 12100, reason: 'The root element must be <Response>' };
  if (typeof response !== 'object' || response === null) return { ok: true, replies: [] };
  const messages = ((response as Record<string, unknown>).Message ?? []) as Array<Record<string, unknown> | string>;
  const replies = messages.map((m): TwimlReply => {
    if (typeof m !== 'object') return { body: String(m), mediaUrls: [] };
    const bodies = (m.Body as unknown[] | undefined)?.map(text);
    return {
      to: typeof m.to === 'string' ? m.to : undefined,
      from: typeof m.from === 'string' ? m.from : undefined,
      body: bodies ? bodies.join('') : text(m),
      mediaUrls: ((m.Media as unknown[] | undefined) ?? []).map(text),
    };
  });
  return { ok: true, replies };
}
