// How a subcommand reaches a running simulator: where (--url, TWILIO_SIM_URL) and as whom (--account-sid/--auth-token,
// TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN, else the default account of the package's fixtures, which is what a simulator
// started without credentials uses). Answers are JSON; failures come back as one Twilio-shaped error.
import { defaultFixturesDir, loadFixtures } from '../fixtures.js';

export const DEFAULT_URL = 'http://127.0.0.1:4010';

/** A failure worth one line and a non-zero exit: a Twilio error from the simulator, or no simulator at all. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly code: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface ConnectionFlags {
  url?: string;
  accountSid?: string;
  authToken?: string;
}

export interface Connection {
  readonly url: string;
  readonly accountSid: string;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

function credentials(flags: ConnectionFlags, env: NodeJS.ProcessEnv): { sid: string; token: string } {
  const sid = flags.accountSid ?? env.TWILIO_ACCOUNT_SID?.trim();
  const token = flags.authToken ?? env.TWILIO_AUTH_TOKEN?.trim();
  if (sid && token) return { sid, token };
  // Same rule as the simulator: env values replace the fixture account's, so half a pair still works.
  const fixture = loadFixtures(defaultFixturesDir(), { TWILIO_ACCOUNT_SID: sid ?? '', TWILIO_AUTH_TOKEN: token ?? '' }).accounts[0]!;
  return { sid: fixture.sid, token: fixture.authToken };
}

export function connect(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const url = (flags.url ?? env.TWILIO_SIM_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+$/.test(url)) throw new ControlError(`--url must be like ${DEFAULT_URL}, got '${url}'`);
  const { sid, token } = credentials(flags, env);
  const authorization = `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;
  return {
    url,
    accountSid: sid,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${url}${path}`, {
          method,
          headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw new ControlError(`cannot reach a simulator at ${url} (${cause}). Start one with \`twilio-sim\`, or pass --url.`);
      }
      const text = await response.text();
      const parsed: unknown = text === '' ? undefined : safeJson(text);
      if (!response.ok) {
        const error = (parsed ?? {}) as { code?: number; message?: string };
        throw new ControlError(error.message ?? (text || response.statusText), error.code ?? null, response.status);
      }
      return parsed as T;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
