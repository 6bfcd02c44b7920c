// Request bodies as Twilio reads them: application/x-www-form-urlencoded (or multipart/form-data); repeated keys
// (MediaUrl, StatusCallbackEvent) become lists. Broken encodings are a 400, never a crash.
import { badRequest } from './errors.js';
import type { WireRequest } from './types.js';

export type FormParams = Map<string, string[]>;

/**
 * Most parameters one body may carry. Twilio's largest form (Messages create) has about 30 fields plus 10 MediaUrl,
 * so 1000 leaves room for anything legitimate while bounding the work a hostile body can cause. Twilio documents no
 * limit and no code for this; answering 400/20001 (as for other unreadable bodies) is the simulator's own choice.
 */
const MAX_FORM_PARAMS = 1000;

const tooMany = () => badRequest(20001, `The request body has more than ${MAX_FORM_PARAMS} parameters`);

const decoder = new TextDecoder('utf-8', { fatal: true });

export async function readForm(request: WireRequest): Promise<FormParams> {
  if (request.body.byteLength === 0) return new Map();
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return parseUrlEncoded(decodeUtf8(request.body));
  if (type === 'multipart/form-data') return parseMultipart(request);
  throw badRequest(
    19056,
    `Input request content type '${type || '(none)'}' is invalid: use application/x-www-form-urlencoded or multipart/form-data`,
  );
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw badRequest(20001, 'The request body is not valid UTF-8');
  }
}

/** Strict: unlike URLSearchParams, a malformed %-escape is an error rather than silently kept as text. */
function parseUrlEncoded(text: string): FormParams {
  const params: FormParams = new Map();
  let count = 0;
  // Walk the pairs without splitting first, so a body of 200k keys stops at key 1001 instead of being decoded whole.
  for (let start = 0; start <= text.length; ) {
    const amp = text.indexOf('&', start);
    const end = amp < 0 ? text.length : amp;
    const pair = text.slice(start, end);
    start = end + 1;
    if (pair === '') continue;
    if (++count > MAX_FORM_PARAMS) throw tooMany();
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decodeComponent(rawKey);
    const value = decodeComponent(rawValue);
    const list = params.get(key);
    if (list) list.push(value);
    else params.set(key, [value]);
  }
  return params;
}

function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw badRequest(20001, `The request body is not valid form encoding near '${raw.slice(0, 40)}'`);
  }
}

/** The boundary parameter of a multipart content type, unquoted; undefined when absent (the parser then refuses it). */
function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Counts delimiter lines with indexOf (linear) and stops as soon as there are too many parts to accept. */
function checkPartCount(body: Uint8Array, boundary: string): void {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  // n parts are framed by n opening delimiters and one closing delimiter.
  let delimiters = 0;
  for (let at = bytes.indexOf(delimiter); at >= 0; at = bytes.indexOf(delimiter, at + delimiter.length)) {
    if (++delimiters > MAX_FORM_PARAMS + 1) throw tooMany();
  }
}

async function parseMultipart(request: WireRequest): Promise<FormParams> {
  const boundary = boundaryOf(request.headers['content-type']!);
  if (boundary) checkPartCount(request.body, boundary);
  let data: FormData;
  try {
    data = await new Response(request.body, { headers: { 'content-type': request.headers['content-type']! } }).formData();
  } catch {
    throw badRequest(20001, 'The multipart/form-data request body could not be parsed');
  }
  const params: FormParams = new Map();
  for (const [key, value] of data.entries()) {
    if (typeof value !== 'string') continue;
    // Append in place: copying the list per field made 25k repeated MediaUrl parts quadratic (seconds of blocking).
    const list = params.get(key);
    if (list) list.push(value);
    else params.set(key, [value]);
  }
  return params;
}

/** Last value of a single-valued parameter, as Twilio takes it. */
export const one = (params: FormParams, key: string): string | undefined => params.get(key)?.at(-1);
export const all = (params: FormParams, key: string): string[] => params.get(key) ?? [];
