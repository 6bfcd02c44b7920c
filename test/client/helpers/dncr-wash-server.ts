// A stand-in for the register operator's SOAP washing service, served by the `soap` package from the same WSDL the
// adapter reads, over a small in-memory register. Listens on 127.0.0.1 (port 0); tests stop it with close().
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { listen } from 'soap';

export const WSDL_PATH = new URL('../../../fixtures/dncr/wash-service.wsdl', import.meta.url).pathname;

export interface WashServer {
  /** The SOAP endpoint (POST) — the WSDL is served at `${url}?wsdl`. */
  url: string;
  /** National-format numbers ("0412345678") on the register. */
  registered: Set<string>;
  /** National-format numbers the register calls invalid (I), e.g. unallocated ranges. */
  invalid: Set<string>;
  credentials: { TelemarketerId: string; UserId: string; Password: string };
  balance: number;
  /** Every WashNumbers call: its reference and how many numbers it held. */
  washes: Array<{ reference: string; count: number }>;
  /** Force a return code on the next calls of an operation (e.g. { WashNumbers: 5 }). */
  forceCode: Partial<Record<'GetAccountBalance' | 'WashNumbers' | 'GetWashResult', number>>;
  /** Answer WashNumbers without results, so they must be fetched with GetWashResult (after `pendingPolls` code-4s). */
  deferResults: boolean;
  pendingPolls: number;
  close(): Promise<void>;
}

type Args = Record<string, any>;

// Australian numbers in national form; the register holds only these.
const AU_NATIONAL = /^0[2-478]\d{8}$|^1[38]00\d{6}$|^13\d{4}$/;

export async function startWashServer(): Promise<WashServer> {
  const results = new Map<string, Array<{ Number: string; Result: string }>>();
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };

  const authorised = (args: Args) =>
    args.TelemarketerId === state.credentials.TelemarketerId &&
    args.UserId === state.credentials.UserId &&
    args.Password === state.credentials.Password;

  const resultOf = (reference: string) => {
    const list = results.get(reference);
    if (!list) return { ReturnCode: 2 };
    if (state.pendingPolls > 0) {
      state.pendingPolls -= 1;
      return { ReturnCode: 4 };
    }
    return { ReturnCode: 0, ClientReferenceId: reference, Results: { WashedNumber: list } };
  };

  const service = {
    WashService: {
      WashServicePort: {
        GetAccountBalance(args: Args) {
          if (state.forceCode.GetAccountBalance !== undefined) return { ReturnCode: state.forceCode.GetAccountBalance };
          if (!authorised(args)) return { ReturnCode: 1 };
          return { ReturnCode: 0, Balance: state.balance };
        },
        WashNumbers(args: Args) {
          if (state.forceCode.WashNumbers !== undefined) return { ReturnCode: state.forceCode.WashNumbers };
          const numbers: string[] = [args.Numbers?.Number ?? []].flat();
          if (!authorised(args) || numbers.length === 0) return { ReturnCode: 1 };
          if (state.balance < numbers.length) return { ReturnCode: 5 };
          state.balance -= numbers.length; // invalid numbers cost a credit too
          const reference = String(args.ClientReferenceId);
          state.washes.push({ reference, count: numbers.length });
          const washed = numbers.map((n) => ({
            Number: n,
            Result: !AU_NATIONAL.test(n) || state.invalid.has(n) ? 'I' : state.registered.has(n) ? 'Y' : 'N',
          }));
          results.set(reference, washed);
          if (state.deferResults) return { ReturnCode: 0, ClientReferenceId: reference };
          return { ReturnCode: 0, ClientReferenceId: reference, Results: { WashedNumber: washed } };
        },
        GetWashResult(args: Args) {
          if (state.forceCode.GetWashResult !== undefined) return { ReturnCode: state.forceCode.GetWashResult };
          if (!authorised(args)) return { ReturnCode: 1 };
          return resultOf(String(args.ClientReferenceId));
        },
      },
    },
  };
  listen(http, '/dncr/wash', service, readFileSync(WSDL_PATH, 'utf8'));

  const state: WashServer = {
    url: `http://127.0.0.1:${port}/dncr/wash`,
    registered: new Set(),
    invalid: new Set(),
    credentials: { TelemarketerId: 'TM1001', UserId: 'washer', Password: 'pa55word' },
    balance: 100_000,
    washes: [],
    forceCode: {},
    deferResults: false,
    pendingPolls: 0,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return state;
}
