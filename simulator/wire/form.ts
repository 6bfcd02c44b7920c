// Request bodies as Twilio reads them: application/x-www-form-urlencoded (or multipart/form-data); repeated keys
// (MediaUrl, StatusCallbackEvent) become lists. Broken encodings are a 400, never a crash.
import { badRequest } from '../kernel/errors.js';
import type { WireRequest } from './types.js';

export type FormParams = Map<string, string[]>;

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
export function parseUrlEncoded(text: string): FormParams {
  const params: FormParams = new Map();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
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

async function parseMultipart(request: WireRequest): Promise<FormParams> {
  let data: FormData;
  try {
    data = await new Response(request.body, { headers: { 'content-type': request.headers['content-type']! } }).formData();
  } catch {
    throw badRequest(20001, 'The multipart/form-data request body could not be parsed');
  }
  const params: FormParams = new Map();
  for (const [key, value] of data.entries()) {
    if (typeof value !== 'string') continue;
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  return params;
}

/** Last value of a single-valued parameter, as Twilio takes it. */
export const one = (params: FormParams, key: string): string | undefined => params.get(key)?.at(-1);
export const all = (params: FormParams, key: string): string[] => params.get(key) ?? [];
