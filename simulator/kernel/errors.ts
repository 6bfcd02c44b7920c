// A domain failure that Twilio reports with one of its numbered error codes. The engine throws these; the wire
// layer turns them into `{code, message, more_info, status}`. HTTP status and Twilio code are separate fields on
// purpose: conflating them is a classic simulator bug (20404 is a code, 404 the status).

export class TwilioError extends Error {
  constructor(
    readonly code: number,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioError';
  }
}

export const badRequest = (code: number, message: string) => new TwilioError(code, 400, message);
export const notFound = (message: string) => new TwilioError(20404, 404, message);
