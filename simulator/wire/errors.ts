// Twilio's error body: {code, message, more_info, status}. Every failure leaving the simulator goes through here.
// The wire layer knows failures by their shape — a Twilio code and an HTTP status — not by class: the domain's
// TwilioError and the wire's own WireError both have it, and this layer imports nothing from the domain.
import { json, type WireResponse } from './types.js';

/** A request the wire layer itself cannot read (its body, a paging token, a date filter). */
export class WireError extends Error {
  constructor(
    readonly code: number,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'WireError';
  }
}

export const badRequest = (code: number, message: string) => new WireError(code, 400, message);

interface CodedFailure {
  code: number;
  httpStatus: number;
  message: string;
}

function isCodedFailure(error: unknown): error is CodedFailure {
  if (!(error instanceof Error)) return false;
  const { code, httpStatus } = error as Error & Partial<CodedFailure>;
  return Number.isInteger(code) && Number.isInteger(httpStatus) && httpStatus! >= 400 && httpStatus! <= 599;
}

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
  if (isCodedFailure(error)) return twilioError(error.code, error.httpStatus, error.message);
  console.error('[twilio-sim] internal error:', error);
  return twilioError(20500, 500, 'An internal server error has occurred');
}
