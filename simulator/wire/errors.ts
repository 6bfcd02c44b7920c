// Twilio's error body: {code, message, more_info, status}. Every failure leaving the simulator goes through here.
import { TwilioError } from '../kernel/errors.js';
import { json, type WireResponse } from './types.js';

export function twilioError(code: number, httpStatus: number, message: string): WireResponse {
  return json(httpStatus, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status: httpStatus });
}

export const unauthorized = (): WireResponse => ({
  ...json(401, {
    code: 20003,
    detail: 'Your AccountSid or AuthToken was incorrect.',
    message: 'Authenticate',
    more_info: 'https://www.twilio.com/docs/errors/20003',
    status: 401,
  }),
  headers: { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Twilio API"' },
});

export const resourceNotFound = (path: string): WireResponse => twilioError(20404, 404, `The requested resource ${path} was not found`);

/** Known failures become their Twilio error; anything else is our bug, reported as Twilio reports its own (20500). */
export function errorToResponse(error: unknown): WireResponse {
  if (error instanceof TwilioError) return twilioError(error.code, error.httpStatus, error.message);
  console.error('[twilio-sim] internal error:', error);
  return twilioError(20500, 500, 'An internal server error has occurred');
}
