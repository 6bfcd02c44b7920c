// The washing service over SOAP, from the WSDL the production adapter reads (fixtures/dncr/wash-service.wsdl),
// served by the `soap` package in its serverless mode: it takes an envelope and gives one back, no socket of its
// own, so the express and msw transports both reach it through Simulator.handle. GET …?wsdl returns the WSDL with
// its address pointed at wherever it was asked from.
import { XMLParser } from 'fast-xml-parser';
import type { IServices, Server } from 'soap';
import type { WireRequest, WireResponse } from '../../wire/types.js';
import { OPERATION_NAMES, OPERATIONS, type Operation } from './protocol.js';
import { type WashAnswer, type WashingService, type WashRequest, WashServiceDown } from './washing.js';

const MAX_ENVELOPE = 1024 * 1024;
const XML = 'text/xml; charset=utf-8';
const envelopeReader = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, processEntities: false });

type Args = Record<string, any>;

const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);

function toRequest(args: Args | undefined): WashRequest {
  const a = args ?? {};
  const numbers = a.Numbers?.Number;
  return {
    credentials: { telemarketerId: text(a.TelemarketerId), userId: text(a.UserId), password: text(a.Password) },
    clientReferenceId: text(a.ClientReferenceId),
    numbers:
      numbers === undefined
        ? undefined
        : ([numbers]
            .flat()
            .map(text)
            .filter((n) => n !== undefined) as string[]),
  };
}

/** In the WSDL's element order (document/literal sequences are ordered). */
function toSoap(answer: WashAnswer): Args {
  const out: Args = { ReturnCode: answer.returnCode };
  if (answer.balance !== undefined) out.Balance = answer.balance;
  if (answer.clientReferenceId !== undefined) out.ClientReferenceId = answer.clientReferenceId;
  if (answer.results !== undefined) out.Results = { WashedNumber: answer.results.map((r) => ({ Number: r.number, Result: r.result })) };
  return out;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A SOAP 1.1 fault for requests the soap package cannot even route; HTTP 500 as SOAP 1.1's HTTP binding requires. */
function fault(code: 'Client' | 'Server', message: string, status = 500): WireResponse {
  const body =
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    `<soap:Fault><faultcode>soap:${code}</faultcode><faultstring>${escapeXml(message)}</faultstring></soap:Fault></soap:Body></soap:Envelope>`;
  return { status, headers: { 'content-type': XML }, body };
}

export class SoapEndpoint {
  /** Made on the first envelope: the soap package costs a tenth of a second to load, and most runs never wash. */
  #server: Promise<Server> | undefined;
  readonly #services: IServices;

  constructor(
    readonly path: string,
    private readonly wsdl: string,
    washing: WashingService,
  ) {
    const operation = (name: Operation) => async (args: Args) => {
      try {
        return toSoap(await washing.perform(name, toRequest(args)));
      } catch (error) {
        // soap turns a thrown { Fault } into a fault envelope with this HTTP status.
        if (error instanceof WashServiceDown)
          throw { Fault: { faultcode: 'soap:Server', faultstring: 'Service Unavailable', statusCode: 503 } };
        throw error;
      }
    };
    const services = {
      WashService: {
        WashServicePort: {
          [OPERATIONS.balance]: operation(OPERATIONS.balance),
          [OPERATIONS.wash]: operation(OPERATIONS.wash),
          [OPERATIONS.result]: operation(OPERATIONS.result),
        },
      },
    };
    this.#services = services;
  }

  #soapServer(): Promise<Server> {
    this.#server ??= import('soap').then(
      ({ listen }) =>
        new Promise<Server>((resolve, reject) => {
          const server: Server = listen(null, {
            path: this.path,
            services: this.#services,
            xml: this.wsdl,
            suppressStack: true,
            enableChunkedEncoding: false,
            callback: (err: unknown) => (err ? reject(err) : resolve(server)),
          });
        }),
    );
    return this.#server;
  }

  async handle(request: WireRequest): Promise<WireResponse> {
    const method = request.method.toUpperCase();
    if (method === 'GET' && request.query.has('wsdl')) {
      const host = request.headers.host ?? '127.0.0.1';
      const here = `http://${host}${this.path}`;
      return {
        status: 200,
        headers: { 'content-type': XML },
        body: this.wsdl.replace(/(<soap:address location=")[^"]*(")/, `$1${here}$2`),
      };
    }
    if (method !== 'POST') return fault('Client', `POST a SOAP envelope to ${this.path}, or GET ${this.path}?wsdl`, 405);
    if (request.body.byteLength > MAX_ENVELOPE) return fault('Client', `The envelope is larger than ${MAX_ENVELOPE} bytes`, 413);
    const xml = Buffer.from(request.body).toString('utf8');
    const problem = this.#unroutable(xml);
    if (problem) return fault('Client', problem);
    const server = await this.#soapServer();
    const out = await server.processRequest(xml, { url: this.path, method: 'POST', headers: { ...request.headers } });
    return { status: out.statusCode, headers: { 'content-type': XML }, body: out.body };
  }

  /** Why an envelope cannot reach an operation (not XML, no Body, an operation the service lacks), or null. */
  #unroutable(xml: string): string | null {
    let parsed: Args;
    try {
      parsed = envelopeReader.parse(xml, true);
    } catch {
      return 'The request is not well-formed XML';
    }
    const body = parsed?.Envelope?.Body;
    if (typeof body !== 'object' || body === null) return 'The request is not a SOAP envelope with a Body';
    const name = Object.keys(body)[0];
    if (!name || !OPERATION_NAMES.includes(name as Operation))
      return `Unknown operation '${String(name).slice(0, 60)}' (${OPERATION_NAMES.join(', ')})`;
    return null;
  }
}
