// A callback URL parameter (StatusCallback, SmsUrl, Url…): absolute http(s), else the resource's Twilio code.
import { badRequest } from './errors.js';

export function parseCallbackUrl(raw: string | undefined, code: number, name: string): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // fall through to the Twilio error
  }
  throw badRequest(code, `The ${name} URL '${raw}' is not a valid URL`);
}
