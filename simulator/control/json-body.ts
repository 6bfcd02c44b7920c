// Reading the control API's JSON bodies: typed fields with a clear 400 (code 20001) for anything else.
import { badRequest } from '../kernel/errors.js';
import type { WireRequest } from '../wire/types.js';

export type JsonBody = Record<string, unknown>;

/** Longer than anything Twilio schedules (35 days) with room to spare; keeps dates far from JavaScript's limit. */
export const MAX_SPAN_MS = 400 * 24 * 60 * 60 * 1000;

export function readJson(request: WireRequest): JsonBody {
  if (request.body.byteLength === 0) return {};
  const type = request.headers['content-type'] ?? '';
  if (!type.includes('json')) throw badRequest(19056, 'The control API takes application/json bodies');
  try {
    const value: unknown = JSON.parse(Buffer.from(request.body).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as JsonBody;
  } catch {
    // reported below
  }
  throw badRequest(20001, 'The request body must be a JSON object');
}

export function text(body: JsonBody, key: string): string;
export function text(body: JsonBody, key: string, optional: true): string | undefined;
export function text(body: JsonBody, key: string, optional = false): string | undefined {
  const value = body[key];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value === '') throw badRequest(20001, `'${key}' is required and must be a non-empty string`);
  return value;
}

export function number(body: JsonBody, key: string, required = false): number | undefined {
  const value = body[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(20001, `'${key}' must be a number`);
  return value;
}

/** A duration in ms, 0 to 400 days. */
export function span(body: JsonBody, key: string, required = false): number | undefined {
  const value = number(body, key, required);
  if (value !== undefined && (value < 0 || value > MAX_SPAN_MS)) {
    throw badRequest(20001, `'${key}' must be between 0 and ${MAX_SPAN_MS} ms (400 days)`);
  }
  return value;
}

export function integer(body: JsonBody, key: string, required = false): number | undefined {
  const value = number(body, key, required);
  if (value !== undefined && !Number.isInteger(value)) throw badRequest(20001, `'${key}' must be an integer`);
  return value;
}

export function stringList(body: JsonBody, key: string, max: number): string[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest(20001, `'${key}' must be a list of strings`);
  if (value.length > max) throw badRequest(20001, `'${key}' takes at most ${max} items`);
  return value as string[];
}
