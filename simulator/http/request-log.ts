// The request log: one entry per HTTP request (method, path, status, Twilio error code, latency, account), through
// pino. JSON lines for machines; a short coloured line for a person at a terminal. Only what identifies the caller
// is kept (the account or API key SID): never the Authorization header, a token, a query string or a body.
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import pino from 'pino';

export type RequestLogFormat = 'json' | 'pretty';

export interface RequestLogOptions {
  format: RequestLogFormat;
  /** Where lines go (default stdout). */
  stream?: { write(line: string): unknown };
  /** Colours in pretty lines (default: when stdout is a terminal). */
  color?: boolean;
}

interface Entry {
  time: string;
  method: string;
  path: string;
  status: number;
  code?: number;
  ms: number;
  account?: string;
}

const ACCOUNT_IN_PATH = /\/Accounts\/(AC[0-9a-fA-F]{32})/;

/** The SID part of Basic credentials (AC… or an SK… key). The secret after the colon is never read out. */
export function callerSid(authorization: string | undefined): string | undefined {
  if (!authorization?.startsWith('Basic ')) return undefined;
  const user = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':', 1)[0]!;
  return /^(AC|SK)[0-9a-fA-F]{32}$/.test(user) ? user : undefined;
}

/** Twilio's code from an error body; the log only needs the number, so anything else is ignored. */
function errorCode(body: Buffer | undefined): number | undefined {
  if (!body || body.length === 0 || body[0] !== 0x7b) return undefined;
  try {
    const code = (JSON.parse(body.toString('utf8')) as { code?: unknown }).code;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}

function prettyStream(out: { write(line: string): unknown }, color: boolean): { write(line: string): void } {
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    write(line) {
      const e = JSON.parse(line) as Entry;
      const status = paint(e.status >= 500 ? 31 : e.status >= 400 ? 33 : 32, String(e.status));
      const code = e.code === undefined ? '' : ` ${paint(33, String(e.code))}`;
      const account = e.account ? `  ${paint(2, e.account)}` : '';
      out.write(`${e.time.slice(11, 23)} ${e.method.padEnd(6)} ${e.path} ${status}${code} ${e.ms.toFixed(1)} ms${account}\n`);
    },
  };
}

/** A request the log is told about after the fact: one served outside express (the events websocket's upgrade). */
export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  code?: number;
  /** performance.now() when it arrived. */
  startedAt: number;
  account?: string;
}

export class RequestLog {
  readonly #logger: pino.Logger;

  constructor(options: RequestLogOptions) {
    const out = options.stream ?? process.stdout;
    const destination = options.format === 'json' ? out : prettyStream(out, options.color ?? process.stdout.isTTY === true);
    // pino writes each entry synchronously to the destination; base: null leaves out pid and hostname.
    this.#logger = pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  }

  record(request: RecordedRequest): void {
    const { startedAt, ...rest } = request;
    const entry: Omit<Entry, 'time'> = { ...rest, ms: Math.round((performance.now() - startedAt) * 10) / 10 };
    this.#logger.info(entry);
  }

  /** Express middleware logging every request when its answer is finished. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      // Health checks (Docker's, every few seconds) would drown the log; they are the one thing left out.
      if (req.method === 'GET' && req.path === '/__sim/health') return next();
      const startedAt = performance.now();
      let errorBody: Buffer | undefined;
      const end = res.end.bind(res);
      // Error bodies are small JSON; keep the last one written so its Twilio code can be logged.
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (res.statusCode >= 400 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) errorBody = Buffer.from(chunk);
        return (end as (...args: unknown[]) => typeof res)(chunk, ...rest);
      }) as typeof res.end;
      res.once('finish', () => {
        const path = new URL(req.originalUrl, 'http://simulator.local').pathname;
        this.record({
          method: req.method,
          path,
          status: res.statusCode,
          code: errorCode(errorBody),
          startedAt,
          account: ACCOUNT_IN_PATH.exec(path)?.[1] ?? callerSid(req.headers.authorization),
        });
      });
      next();
    };
  }
}
