// X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + every param name and value, sorted by name)).
// For POST the url is the request URL (query included, fragment excluded) and the params are the form fields;
// for GET the params already sit in the url's query string and nothing is appended.

import { createHmac } from 'node:crypto';

export function signatureFor(authToken: string, url: string, params: Record<string, string>): string {
  // Plain code-unit order, the same as twilio-node's Object.keys(params).sort() on the validating side.
  const names = Object.keys(params).sort();
  let data = url;
  for (const name of names) data += name + params[name];
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
