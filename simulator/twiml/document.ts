// A TwiML document as a plain element tree, in document order: the one XML reader behind Messaging TwiML (an
// sms_url's reply) and Voice TwiML (what a call executes). Bounded on purpose — TwiML comes from the user's
// server, so size, depth and element count are capped, and every failure is a result (Twilio's 12100), never a
// throw.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface TwimlElement {
  name: string;
  attributes: Record<string, string>;
  children: TwimlElement[];
  /** The element's own text (entities expanded), trimmed. */
  text: string;
}

export type DocumentParse = { ok: true; root: TwimlElement } | { ok: false; errorCode: 12100 | 11750; reason: string };

/** Twilio refuses TwiML over 64 kB (11750). */
export const MAX_TWIML_BYTES = 64 * 1024;
/** Real TwiML nests three or four levels (Response > Gather > Say); anything this deep is not TwiML. */
const MAX_DEPTH = 32;
const MAX_ELEMENTS = 5_000;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // Numeric character references (&#x263A;) are XML too; fast-xml-parser expands them under this flag.
  htmlEntities: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export function parseTwimlDocument(xml: string): DocumentParse {
  if (Buffer.byteLength(xml, 'utf8') > MAX_TWIML_BYTES) {
    return { ok: false, errorCode: 11750, reason: `TwiML response body too large (over ${MAX_TWIML_BYTES} bytes)` };
  }
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) return { ok: false, errorCode: 12100, reason: valid.err.msg };
    const nodes = parser.parse(xml) as OrderedNode[];
    const counter = { elements: 0 };
    const roots = nodes.map((node) => toElement(node, 1, counter)).filter((e): e is TwimlElement => e !== null);
    const root = roots[0];
    if (!root || roots.length > 1) return { ok: false, errorCode: 12100, reason: 'A TwiML document has exactly one root element' };
    return { ok: true, root };
  } catch (error) {
    // Too deep, too many elements, or the parser's own limits.
    return { ok: false, errorCode: 12100, reason: error instanceof Error ? error.message : String(error) };
  }
}

function toElement(node: OrderedNode, depth: number, counter: { elements: number }): TwimlElement | null {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name === '#text' || name.startsWith('?')) return null;
  if (depth > MAX_DEPTH) throw new Error(`TwiML nested deeper than ${MAX_DEPTH} levels`);
  if (++counter.elements > MAX_ELEMENTS) throw new Error(`TwiML with more than ${MAX_ELEMENTS} elements`);
  const content = (node[name] ?? []) as OrderedNode[];
  const children: TwimlElement[] = [];
  let text = '';
  for (const child of content) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const element = toElement(child, depth + 1, counter);
      if (element) children.push(element);
    }
  }
  return { name, attributes: { ...(node[':@'] ?? {}) }, children, text: text.trim() };
}
