// A transport-neutral HTTP exchange. Express and msw both translate to and from these, so every Twilio-shaped
// behaviour lives in one place.

export interface WireRequest {
  method: string;
  /** Path without query, e.g. /2010-04-01/Accounts/AC…/Messages.json */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: Uint8Array;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Text (JSON, XML) or, for the few binary answers (a call's recording.wav), bytes. */
  body: string | Uint8Array;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): WireResponse => ({
  status,
  // Bare application/json, as Twilio's answers have said since 2020 (older ones added charset=utf-8).
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

export const noContent = (): WireResponse => ({ status: 204, headers: {}, body: '' });
