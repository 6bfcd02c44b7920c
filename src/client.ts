// The production Twilio client: a thin layer over the official SDK that adds what every sender needs — E.164
// normalisation, per-sender pacing, retries of transient failures and typed errors. Pointing it at the simulator
// changes only where requests go (`baseUrl`); the SDK builds them exactly as it would for Twilio.
import twilio from 'twilio';
import {
  callCreateParams,
  checkCallSid,
  instructionParams,
  type CallInstructions,
  type CallResult,
  type InitiateCallInput,
} from './calls.js';
import type { TelemarketingGuard } from './compliance/guard.js';
import type { DncrChecker, DncrVerdict } from './dncr/checker.js';
import { InsecureBaseUrlError, InvalidPhoneNumberError, TwilioApiError } from './errors.js';
import { lookupFieldsParam, toLookupResult, type LookupField, type LookupResult } from './lookups.js';
import { ObservedRequestClient, SimulatorRequestClient, observeResponses, type ObservedResponse } from './http-client.js';
import { isAlphanumericSenderId, toE164, type CountryCode } from './numbers.js';
import { countSegments } from './segments.js';
import { isSecureOrLoopback } from './secure-url.js';
import {
  SenderPacer,
  isAmbiguousFailure,
  outcomeUnknown,
  parseRetryAfter,
  realTime,
  withRetry,
  type PacingOptions,
  type RetryOptions,
  type TimeSource,
} from './pacing.js';

export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'delivered'
  | 'undelivered'
  | 'receiving'
  | 'received'
  | 'accepted'
  | 'scheduled'
  | 'read'
  | 'partially_delivered'
  | 'canceled';

export interface TwilioClientOptions {
  accountSid: string;
  /** The account's auth token. Needed unless apiKey + apiSecret are given. */
  authToken?: string;
  /** API key SID (SK…) and secret; used for REST auth instead of the auth token when given. */
  apiKey?: string;
  apiSecret?: string;
  /**
   * Send every request to this origin instead of https://*.twilio.com (the simulator: http://127.0.0.1:4010).
   * Plain http is accepted only for a loopback host unless allowInsecureBaseUrl is set (InsecureBaseUrlError).
   */
  baseUrl?: string;
  /** Allow an `http:` baseUrl on another host (e.g. a simulator container), knowing the credentials travel in clear. */
  allowInsecureBaseUrl?: boolean;
  /** Twilio region / edge (e.g. 'au1' / 'sydney') for real Twilio. Ignored in effect when baseUrl is set. */
  region?: string;
  edge?: string;
  /** Per-request timeout (SDK default 30000). */
  timeoutMs?: number;
  /**
   * Per-sender pacing: each SMS holds its sender one second per segment, each call holds its From number one second
   * (separate lanes); a Messaging Service without `from` is not paced unless `rates` names it. `false` turns it off.
   */
  pacing?: PacingOptions | false;
  /**
   * Retry of 429/5xx/network failures; default 4 attempts. `false` turns it off. A send that times out or loses
   * its connection after the request went out is not retried (Twilio may already have accepted it; a retry could
   * send the SMS twice): it fails with RequestOutcomeUnknownError unless `retryAmbiguous` is set.
   */
  retry?: RetryOptions | false;
  /** Clock for pacing and backoff waits; real time by default. */
  timeSource?: TimeSource;
  /** Country used to read national-format numbers ("0412 345 678"). Default AU. */
  defaultCountry?: CountryCode;
  /** The Do Not Call Register checker behind checkDncr/checkDncrMany (src/dncr). Twilio itself does no washing. */
  dncr?: DncrChecker;
  /**
   * Telemarketing guard consulted by initiateCall before any request (calling hours, consent, register). Opt-in;
   * a call made with `telemarketing: false` skips it.
   */
  compliance?: TelemarketingGuard;
}

export interface SendSmsInput {
  /**
   * The sending number (national or E.164), or an alphanumeric sender ID ("MyShop": 1–11 letters, digits or spaces,
   * at least one letter), sent as written. May be omitted when messagingServiceSid picks one from its pool.
   */
  from?: string;
  /** MG… — send through a Messaging Service (status starts as `accepted`). */
  messagingServiceSid?: string;
  to: string;
  body?: string;
  statusCallback?: string;
  mediaUrl?: string | readonly string[];
}

export interface SendSmsResult {
  messageSid: string;
  status: MessageStatus;
  segments: number;
}

export interface MessageSummary {
  messageSid: string;
  accountSid: string;
  messagingServiceSid: string | null;
  from: string;
  to: string;
  body: string;
  status: MessageStatus;
  direction: string;
  segments: number;
  numMedia: number;
  errorCode: number | null;
  errorMessage: string | null;
  /** Decimal string, negative for a charge ("-0.08000"); null until Twilio has priced the message. */
  price: string | null;
  priceUnit: string | null;
  dateCreated: Date | null;
  dateSent: Date | null;
  dateUpdated: Date | null;
}

export class TwilioClient {
  /** The underlying official SDK client, already pointed at baseUrl when one was given. */
  readonly sdk: twilio.Twilio;
  readonly accountSid: string;
  readonly baseUrl: string | undefined;
  readonly #defaultCountry: CountryCode;
  readonly #time: TimeSource;
  readonly #smsPacer: SenderPacer | undefined;
  readonly #callPacer: SenderPacer | undefined;
  readonly #rates: Readonly<Record<string, number>>;
  readonly #retry: RetryOptions | false;
  readonly #dncr: DncrChecker | undefined;
  readonly #compliance: TelemarketingGuard | undefined;

  constructor(options: TwilioClientOptions) {
    const { accountSid, authToken, apiKey, apiSecret } = options;
    if (!accountSid) throw new TypeError('TwilioClient needs accountSid');
    const useKey = apiKey !== undefined || apiSecret !== undefined;
    if (useKey && !(apiKey && apiSecret)) throw new TypeError('TwilioClient needs both apiKey and apiSecret');
    if (!useKey && !authToken) throw new TypeError('TwilioClient needs authToken (or apiKey + apiSecret)');

    if (options.baseUrl !== undefined && !options.allowInsecureBaseUrl && !isSecureOrLoopback(options.baseUrl)) {
      throw new InsecureBaseUrlError(options.baseUrl);
    }

    this.accountSid = accountSid;
    this.baseUrl = options.baseUrl;
    this.#defaultCountry = options.defaultCountry ?? 'AU';
    this.#time = options.timeSource ?? realTime;
    const pacing = options.pacing;
    this.#smsPacer = pacing === false ? undefined : new SenderPacer({ minIntervalMs: pacing?.minIntervalMs ?? 1000, time: this.#time });
    this.#callPacer = pacing === false ? undefined : new SenderPacer({ minIntervalMs: pacing?.callIntervalMs ?? 1000, time: this.#time });
    this.#rates = (pacing === false ? undefined : pacing?.rates) ?? {};
    for (const [sender, rate] of Object.entries(this.#rates)) {
      if (!(rate > 0)) throw new RangeError(`pacing.rates: ${sender} needs a positive rate (segments per second)`);
    }
    this.#retry = options.retry ?? {};
    this.#dncr = options.dncr;
    this.#compliance = options.compliance;

    const httpOptions = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
    const httpClient = options.baseUrl ? new SimulatorRequestClient(options.baseUrl, httpOptions) : new ObservedRequestClient(httpOptions);
    this.sdk = twilio(useKey ? apiKey : accountSid, useKey ? apiSecret : authToken, {
      accountSid,
      httpClient,
      // The SDK's own 429 retry would sleep on the wall clock and hide attempts from us; ours replaces it.
      autoRetry: false,
      ...(options.region !== undefined ? { region: options.region } : {}),
      ...(options.edge !== undefined ? { edge: options.edge } : {}),
    });
  }

  /**
   * Send an SMS/MMS. Both numbers are normalised to E.164 first (InvalidPhoneNumberError, no request made);
   * sends from one number are paced; Twilio's refusals arrive as TwilioApiError with Twilio's code (21211, 21610…).
   * Creating a message is not idempotent, so a timeout or a connection lost mid-request ends in
   * RequestOutcomeUnknownError rather than a retry that could send it twice (see RetryOptions.retryAmbiguous).
   */
  async sendSms(input: SendSmsInput): Promise<SendSmsResult> {
    if (!input.from && !input.messagingServiceSid) throw new TypeError('sendSms needs from or messagingServiceSid');
    const from = input.from === undefined || isAlphanumericSenderId(input.from) ? input.from : toE164(input.from, this.#defaultCountry);
    const to = toE164(input.to, this.#defaultCountry);
    const mediaUrl = input.mediaUrl === undefined ? undefined : [input.mediaUrl].flat();
    const send = () =>
      this.#call(
        () =>
          this.sdk.messages.create({
            to,
            ...(from !== undefined ? { from } : {}),
            ...(input.messagingServiceSid !== undefined ? { messagingServiceSid: input.messagingServiceSid } : {}),
            ...(input.body !== undefined ? { body: input.body } : {}),
            ...(input.statusCallback !== undefined ? { statusCallback: input.statusCallback } : {}),
            ...(mediaUrl !== undefined ? { mediaUrl } : {}),
          }),
        { idempotent: false },
      );
    // Twilio drains a sender one segment per second; an MMS is one message whatever its text.
    const units = mediaUrl !== undefined && mediaUrl.length > 0 ? 1 : countSegments(input.body ?? '').segments;
    const message = await this.#pacedSms(from, input.messagingServiceSid, units, send);
    return { messageSid: message.sid, status: message.status, segments: Number(message.numSegments) };
  }

  /** Read a message back (status, error code, price…). A read: retried on any transient failure. */
  async fetchMessage(messageSid: string): Promise<MessageSummary> {
    const m = await this.#call(() => this.sdk.messages(messageSid).fetch(), { idempotent: true });
    return {
      messageSid: m.sid,
      accountSid: m.accountSid,
      messagingServiceSid: m.messagingServiceSid ?? null,
      from: m.from,
      to: m.to,
      body: m.body,
      status: m.status,
      direction: m.direction,
      segments: Number(m.numSegments),
      numMedia: Number(m.numMedia ?? 0),
      errorCode: m.errorCode === null || m.errorCode === undefined ? null : Number(m.errorCode),
      errorMessage: m.errorMessage ?? null,
      price: m.price ?? null,
      priceUnit: m.priceUnit ?? null,
      dateCreated: dateOrNull(m.dateCreated),
      dateSent: dateOrNull(m.dateSent),
      dateUpdated: dateOrNull(m.dateUpdated),
    };
  }

  /**
   * Place an outbound call. Numbers are normalised like sendSms's (InvalidPhoneNumberError), exactly one of url and
   * twiml is required (TypeError), and nothing is sent until those checks pass. Calls from one number start at
   * most one per second (a lane apart from SMS). With the `compliance` option, the guard checks calling hours, consent
   * and the register before the call queues (and the hours again when its turn comes), and refuses (ComplianceError,
   * DncrError) before any request.
   * Creating a call is not idempotent: a timeout or a connection lost mid-request ends in RequestOutcomeUnknownError,
   * never in a retry that could ring the person twice.
   */
  async initiateCall(input: InitiateCallInput): Promise<CallResult> {
    const params = callCreateParams(input, this.#defaultCountry);
    const guard = input.telemarketing === false ? undefined : this.#compliance;
    // The whole guard runs before the call queues, so a refused call never takes a turn from its number; the hours
    // are judged again when the turn comes, since waiting in the queue may have crossed 20:00.
    await guard?.assertMayCall(params.to, input.recipient);
    const call = await this.#paced(this.#callPacer, params.from, 1, undefined, async () => {
      guard?.assertWithinHours(params.to, input.recipient);
      return this.#call(() => this.sdk.calls.create(params), { idempotent: false });
    });
    return { callSid: call.sid, status: call.status };
  }

  /**
   * True when `phone` must NOT be called: on the Do Not Call Register, or invalid (the register's I, or not a phone
   * number at all). False for an Australian number that is not registered and for any non-Australian number (only
   * Australian numbers are on the register). When the register cannot answer it throws a DncrError (fails closed).
   * Washes are reused while valid and need the `dncr` option.
   */
  async checkDncr(phone: string): Promise<boolean> {
    return this.#dncrChecker().check(phone);
  }

  /** checkDncr for many numbers, washed in as few register calls as its limits allow; one verdict per input. */
  async checkDncrMany(phones: readonly string[]): Promise<DncrVerdict[]> {
    return this.#dncrChecker().checkMany(phones);
  }

  /**
   * Twilio Lookups v2 for a number, with the data packages in `fields` (line_type_intelligence, caller_name…).
   * A number that does not parse locally is still sent (with the default country), so Twilio reports why it is
   * invalid (`valid: false`, validationErrors). Unknown fields are a TypeError before any request.
   */
  async lookup(phone: string, fields: readonly LookupField[] = []): Promise<LookupResult> {
    const param = lookupFieldsParam(fields);
    let number: string;
    let countryCode: string | undefined;
    try {
      number = toE164(phone, this.#defaultCountry);
    } catch (err) {
      if (!(err instanceof InvalidPhoneNumberError)) throw err;
      number = phone;
      countryCode = this.#defaultCountry;
    }
    const options = { ...(param !== undefined ? { fields: param } : {}), ...(countryCode !== undefined ? { countryCode } : {}) };
    const result = await this.#call(() => this.sdk.lookups.v2.phoneNumbers(number).fetch(options), { idempotent: true });
    return toLookupResult(result);
  }

  #dncrChecker(): DncrChecker {
    if (!this.#dncr) throw new TypeError('TwilioClient needs the dncr option (a DncrChecker) to check the Do Not Call Register');
    return this.#dncr;
  }

  /**
   * End a call in any live state (Status=completed). Retried like a read: hanging up twice has the effect of once.
   */
  async hangUp(callSid: string): Promise<CallResult> {
    checkCallSid(callSid, 'hangUp');
    const call = await this.#call(() => this.sdk.calls(callSid).update({ status: 'completed' }), { idempotent: true });
    return { callSid: call.sid, status: call.status };
  }

  /**
   * Give an in-progress call new instructions (a URL or TwiML). Not retried on an unknown outcome: a second redirect
   * would restart the new instructions from the top.
   */
  async redirectCall(callSid: string, to: CallInstructions): Promise<CallResult> {
    checkCallSid(callSid, 'redirectCall');
    const params = instructionParams(to, 'redirectCall');
    const call = await this.#call(() => this.sdk.calls(callSid).update(params), { idempotent: false });
    return { callSid: call.sid, status: call.status };
  }

  // A numbered sender is held per segment; a listed rate (pool, short code, sender ID) sets its own pace; a service
  // with no from and no rate is left to Twilio, which queues per number of its pool.
  #pacedSms<T>(from: string | undefined, service: string | undefined, units: number, op: () => Promise<T>): Promise<T> {
    const sender = from ?? service!;
    const rate = this.#rates[sender];
    if (from === undefined && rate === undefined) return op();
    return this.#paced(this.#smsPacer, sender, units, rate === undefined ? undefined : 1000 / rate, op);
  }

  /** Queue `op` in the sender's lane of `pacer` (or run it now when pacing is off). */
  #paced<T>(
    pacer: SenderPacer | undefined,
    sender: string,
    units: number,
    intervalMs: number | undefined,
    op: () => Promise<T>,
  ): Promise<T> {
    return pacer ? pacer.schedule(sender, op, { units, ...(intervalMs !== undefined ? { intervalMs } : {}) }) : op();
  }

  /**
   * One SDK operation with retries; HTTP errors become TwilioApiError carrying Retry-After when present.
   * `idempotent: false` (creates) keeps an ambiguous failure from being repeated, retries on or off.
   */
  #call<T>(op: () => Promise<T>, { idempotent }: { idempotent: boolean }): Promise<T> {
    const attempt = async (): Promise<T> => {
      let last: ObservedResponse | undefined;
      try {
        return await observeResponses((response) => (last = response), op);
      } catch (err) {
        const retryAfterMs = last ? parseRetryAfter(header(last.headers, 'retry-after'), this.#time.now()) : undefined;
        throw TwilioApiError.fromSdkError(err, retryAfterMs === undefined ? {} : { retryAfterMs }) ?? err;
      }
    };
    if (this.#retry === false) {
      return attempt().catch((err: unknown) => {
        throw !idempotent && isAmbiguousFailure(err) ? outcomeUnknown(1, err) : err;
      });
    }
    return withRetry(attempt, { ...this.#retry, time: this.#time, idempotent });
  }
}

function header(headers: Record<string, unknown>, name: string): unknown {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

function dateOrNull(value: unknown): Date | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;
}
