// The washing service as JSON over HTTP, for callers that would rather not speak SOAP: the same engine and answers
// as soap-endpoint.ts. POST {prefix}/balance | /wash | /result with the credentials (and clientReferenceId,
// numbers) in a JSON body — never in the URL. Answers are 200 with the operator's returnCode, as over SOAP.
import type { WireRequest, WireResponse } from '../../wire/types.js';
import { json } from '../../wire/types.js';
import { OPERATIONS, type Operation } from './protocol.js';
import { type WashingService, type WashRequest, WashServiceDown } from './washing.js';

const MAX_BODY = 1024 * 1024;
const ROUTES: Record<string, Operation> = { balance: OPERATIONS.balance, wash: OPERATIONS.wash, result: OPERATIONS.result };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export class JsonEndpoint {
  constructor(
    readonly prefix: string,
    private readonly washing: WashingService,
  ) {}

  async handle(request: WireRequest): Promise<WireResponse> {
    const operation = ROUTES[request.path.slice(this.prefix.length)];
    if (!operation)
      return json(404, {
        message: `Not found: use ${Object.keys(ROUTES)
          .map((r) => this.prefix + r)
          .join(', ')}`,
      });
    if (request.method.toUpperCase() !== 'POST') return json(405, { message: 'Use POST with a JSON body' });
    const body = this.#read(request);
    if (typeof body === 'string') return json(400, { returnCode: 1, message: body });
    try {
      return json(200, await this.washing.perform(operation, body));
    } catch (error) {
      if (error instanceof WashServiceDown) return json(503, { message: 'Service Unavailable' });
      throw error;
    }
  }

  /** The request, or why it cannot be read. */
  #read(request: WireRequest): WashRequest | string {
    if (request.body.byteLength > MAX_BODY) return `The body is larger than ${MAX_BODY} bytes`;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(request.body).toString('utf8'));
    } catch {
      return 'The body must be JSON';
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The body must be a JSON object';
    const v = value as Record<string, unknown>;
    if (v.numbers !== undefined && (!Array.isArray(v.numbers) || v.numbers.some((n) => typeof n !== 'string'))) {
      return "'numbers' must be a list of strings";
    }
    return {
      credentials: { telemarketerId: str(v.telemarketerId), userId: str(v.userId), password: str(v.password) },
      clientReferenceId: str(v.clientReferenceId),
      numbers: v.numbers as string[] | undefined,
    };
  }
}
