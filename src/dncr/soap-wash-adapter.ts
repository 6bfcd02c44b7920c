// DncrPort over the register operator's SOAP washing service, driven by its WSDL through the `soap` package: point
// `wsdl` at the operator's WSDL (or ours, fixtures/dncr/wash-service.wsdl) and `endpoint` at the service. Names and
// return codes come from WashServiceSpec, in one place, because the real guide could not be checked publicly.
import { createClientAsync, type Client } from 'soap';
import { DEFAULT_AU_TIME_ZONE, localTime } from '../australian-time.js';
import { nationalFormat } from '../numbers.js';
import { realTime, type TimeSource } from '../pacing.js';
import { isSecureOrLoopback } from '../secure-url.js';
import { DncrError, DncrReturnCodeError, DncrUnavailableError } from './errors.js';
import { washValidUntil, type DncrPort, type DncrStatus, type DncrWashResult } from './port.js';
import { DEFAULT_WASH_SERVICE_SPEC, type WashServiceSpec } from './wash-service-spec.js';

export interface SoapWashAdapterOptions {
  /** Path or URL of the service's WSDL. */
  wsdl: string;
  /** The service's address; default: the one in the WSDL. */
  endpoint?: string;
  credentials: { telemarketerId: string; userId: string; password: string };
  /** Allow an http: endpoint off this machine (the password would travel in clear text). */
  allowInsecureEndpoint?: boolean;
  /** Stamps washedAt and paces result polling. Real time by default. */
  time?: TimeSource;
  /** The calendar the 30 days are counted in. Default Australia/Sydney. */
  timeZone?: string;
  /** Per-request timeout. Default 30000. */
  timeoutMs?: number;
  /** When a wash answers without results: how often and how many times to ask GetWashResult. Default 1000 ms, 5. */
  pollIntervalMs?: number;
  maxPolls?: number;
  /** Overrides of operation/field names, result letters, return codes and limits. */
  spec?: Partial<WashServiceSpec>;
}

type Answer = Record<string, any>;

export class SoapWashAdapter implements DncrPort {
  readonly maxBatch: number;
  readonly #options: SoapWashAdapterOptions;
  readonly #spec: WashServiceSpec;
  readonly #time: TimeSource;
  readonly #zone: string;
  #client: Promise<Client> | undefined;

  constructor(options: SoapWashAdapterOptions) {
    if (options.endpoint !== undefined && !options.allowInsecureEndpoint && !isSecureOrLoopback(options.endpoint)) {
      throw new TypeError(`refusing to send DNCR credentials in clear text to ${options.endpoint}; use https or allowInsecureEndpoint`);
    }
    this.#options = options;
    this.#spec = { ...DEFAULT_WASH_SERVICE_SPEC, ...options.spec };
    this.#time = options.time ?? realTime;
    this.#zone = options.timeZone ?? DEFAULT_AU_TIME_ZONE;
    localTime(0, this.#zone); // an unknown zone fails here, not at the first wash
    this.maxBatch = this.#spec.maxBatch;
  }

  async balance(): Promise<number> {
    const answer = await this.#invoke(this.#spec.operations.balance, this.#credentials());
    this.#check(this.#spec.operations.balance, answer);
    const balance = Number(answer[this.#spec.response.balance]);
    if (!Number.isFinite(balance)) throw new DncrError('malformed', 'DNCR balance answer carries no balance');
    return balance;
  }

  async wash(numbers: readonly string[], { clientReference }: { clientReference: string }): Promise<DncrWashResult[]> {
    if (numbers.length === 0) return [];
    if (numbers.length > this.maxBatch) throw new RangeError(`a wash holds at most ${this.maxBatch} numbers, got ${numbers.length}`);
    const { fields, operations } = this.#spec;
    // The register speaks national format ("0412345678"); answers are matched back by that form.
    const national = new Map(numbers.map((e164) => [toRegisterForm(e164), e164]));
    const request = {
      ...this.#credentials(),
      [fields.clientReference]: clientReference,
      [fields.numbers]: { [fields.number]: [...national.keys()] },
    };
    let answer = await this.#invoke(operations.wash, request);
    this.#check(operations.wash, answer);
    if (answer[this.#spec.response.results] === undefined) answer = await this.#awaitResult(clientReference);
    const washedAt = this.#time.now();
    const validUntil = new Date(washValidUntil(washedAt, this.#zone));
    const statuses = this.#statuses(answer);
    return numbers.map((e164) => {
      const status = statuses.get(toRegisterForm(e164));
      if (!status) throw new DncrError('malformed', `DNCR wash ${clientReference} has no result for ${e164}`);
      return { number: e164, status, washedAt: new Date(washedAt), validUntil };
    });
  }

  // The wash was accepted but not finished: ask GetWashResult until it stops saying "not finished" (4).
  async #awaitResult(clientReference: string): Promise<Answer> {
    const maxPolls = this.#options.maxPolls ?? 5;
    const operation = this.#spec.operations.result;
    for (let poll = 1; ; poll++) {
      await this.#time.sleep(this.#options.pollIntervalMs ?? 1000);
      const answer = await this.#invoke(operation, { ...this.#credentials(), [this.#spec.fields.clientReference]: clientReference });
      if (Number(answer[this.#spec.response.returnCode]) === 4 && poll < maxPolls) continue;
      this.#check(operation, answer);
      if (answer[this.#spec.response.results] === undefined) throw new DncrError('malformed', `DNCR ${operation} answered without results`);
      return answer;
    }
  }

  #statuses(answer: Answer): Map<string, DncrStatus> {
    const { response, statuses } = this.#spec;
    const list = [answer[response.results]?.[response.washedNumber] ?? []].flat() as Answer[];
    const out = new Map<string, DncrStatus>();
    for (const item of list) {
      const status = statuses[String(item[response.result])];
      if (!status)
        throw new DncrError(
          'malformed',
          `DNCR result letter ${JSON.stringify(item[response.result])} is not one of ${Object.keys(statuses).join('/')}`,
        );
      out.set(String(item[response.number]), status);
    }
    return out;
  }

  #credentials(): Record<string, string> {
    const { fields } = this.#spec;
    const c = this.#options.credentials;
    return { [fields.telemarketerId]: c.telemarketerId, [fields.userId]: c.userId, [fields.password]: c.password };
  }

  #check(operation: string, answer: Answer): void {
    const code = Number(answer[this.#spec.response.returnCode]);
    if (code === 0) return;
    const known = this.#spec.returnCodes[code];
    if (!known) throw new DncrReturnCodeError(operation, code, 'unknown return code');
    const which = operation === this.#spec.operations.result && known.onResult ? known.onResult : known;
    throw new which.error(operation, code, which.meaning);
  }

  async #invoke(operation: string, args: Answer): Promise<Answer> {
    let client: Client;
    try {
      client = await this.#soapClient();
    } catch (err) {
      throw new DncrUnavailableError('unavailable', `DNCR wash service WSDL could not be loaded: ${describe(err)}`, { cause: err });
    }
    const method = client[`${operation}Async`] as ((args: Answer, options: Answer) => Promise<[Answer]>) | undefined;
    if (typeof method !== 'function') throw new DncrUnavailableError('malformed', `the DNCR WSDL has no operation ${operation}`);
    try {
      const [answer] = await method.call(client, args, { timeout: this.#options.timeoutMs ?? 30_000 });
      if (typeof answer !== 'object' || answer === null) throw new Error('empty answer');
      return answer;
    } catch (err) {
      throw new DncrUnavailableError('unavailable', `DNCR ${operation} failed: ${describe(err)}`, { cause: err });
    }
  }

  #soapClient(): Promise<Client> {
    const endpoint = this.#options.endpoint;
    this.#client ??= createClientAsync(this.#options.wsdl, endpoint === undefined ? {} : { endpoint }).catch((err: unknown) => {
      this.#client = undefined; // try again next time: the service may be back
      throw err;
    });
    return this.#client;
  }
}

function toRegisterForm(e164: string): string {
  return nationalFormat(e164).replace(/\D/g, '');
}

function describe(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}
