// One running simulator without any transport: the engine, the webhook dispatcher, and the subscriptions that turn
// engine events into signed webhooks. The express app and the msw handlers both sit on top of this.
import type { Clock } from './engine/clock.js';
import { TwilioError } from './engine/errors.js';
import { EventBus, type EngineEvent } from './engine/events.js';
import type { Fixtures } from './engine/fixture-types.js';
import { createEngine, type Engine } from './engine/index.js';
import type { MessageTimings } from './engine/messages.js';
import type { PacingOptions } from './engine/sender-queue.js';
import type { Message, MessageStatus } from './engine/types.js';
import { inboundSmsParams, statusCallbackParams } from './wire/callback-params.js';
import { FaultBook } from './wire/faults.js';
import { parseMessagingTwiml, type TwimlReply } from './wire/messaging-twiml.js';
import { WebhookDispatcher } from './webhooks/index.js';

export interface RuntimeOptions {
  clock: Clock;
  fixtures: Fixtures;
  seed?: number;
  timings?: Partial<MessageTimings>;
  pacing?: Partial<PacingOptions>;
}

/** Statuses Twilio reports to a StatusCallback; never `sending`, and `queued` only after accepted/scheduled. */
const CALLBACK_STATUSES: ReadonlySet<MessageStatus> = new Set(['sent', 'delivered', 'undelivered', 'failed', 'canceled']);

/** A debugger alert, as Twilio's console would show it (e.g. 12100 for TwiML that does not parse). */
export interface Alert {
  accountSid: string;
  code: number;
  message: string;
  resourceSid: string | null;
  at: string;
}

const MAX_ALERTS = 1000;

export class SimulatorRuntime {
  readonly events = new EventBus();
  readonly dispatcher: WebhookDispatcher;
  readonly faults = new FaultBook();
  #alerts: Alert[] = [];
  #engine: Engine;
  #resets = 0;

  constructor(private readonly options: RuntimeOptions) {
    this.dispatcher = new WebhookDispatcher({ clock: options.clock });
    this.#engine = this.#build();
    this.events.subscribe((event) => this.#onEvent(event));
  }

  get engine(): Engine {
    return this.#engine;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** Drop every account's state and start again from the fixtures; pending timers of the old state are disarmed. */
  reset(): void {
    this.#engine.timers.cancelAll();
    this.#resets++;
    this.#engine = this.#build();
    this.dispatcher.clear();
    this.faults.clear();
    this.#alerts = [];
    this.events.emit({ type: 'simulator.reset' });
  }

  alerts(accountSid: string): Alert[] {
    return this.#alerts.filter((a) => a.accountSid === accountSid);
  }

  #alert(accountSid: string, code: number, message: string, resourceSid: string | null): void {
    this.#alerts.push({ accountSid, code, message, resourceSid, at: new Date(this.clock.now()).toISOString() });
    if (this.#alerts.length > MAX_ALERTS) this.#alerts.shift();
    this.events.emit({ type: 'alert', accountSid, code, message, resourceSid });
  }

  /** One account back to its fixtures; every other account's state, timers and logs are left alone. */
  resetAccount(accountSid: string): void {
    this.#engine.resetAccount(accountSid);
    this.dispatcher.clear(accountSid);
    this.faults.clear(accountSid);
    this.#alerts = this.#alerts.filter((a) => a.accountSid !== accountSid);
  }

  #build(): Engine {
    const { clock, fixtures, seed, timings, pacing } = this.options;
    // A different seed after each reset keeps SIDs from repeating within one process.
    return createEngine({ clock, fixtures, seed: (seed ?? 0x5eed) + this.#resets * 7919, timings, pacing }, this.events);
  }

  #onEvent(event: EngineEvent): void {
    if (event.type === 'message.status') this.#statusCallback(event.message, event.previous);
    else if (event.type === 'message.created' && event.message.direction === 'inbound') this.#inboundWebhook(event.message);
  }

  #authToken(accountSid: string): string | undefined {
    return this.#engine.store.get(accountSid)?.account.authToken;
  }

  #statusCallback(message: Message, previous: MessageStatus): void {
    const url = message.statusCallback;
    const reportable =
      CALLBACK_STATUSES.has(message.status) || (message.status === 'queued' && (previous === 'accepted' || previous === 'scheduled'));
    const authToken = this.#authToken(message.accountSid);
    if (!url || !reportable || !authToken) return;
    // Build the payload now: by the time the webhook goes out the message may have moved on.
    const params = statusCallbackParams(message, this.clock.now());
    // Queued on the clock so it always leaves after the API response that caused it; owned by the account so a
    // reset of that account drops it.
    this.#engine.timers.after(message.accountSid, 0, () =>
      this.dispatcher.send({
        accountSid: message.accountSid,
        authToken,
        url,
        method: 'POST',
        params,
        kind: 'sms-status',
        resourceSid: message.sid,
      }),
    );
  }

  #inboundWebhook(message: Message): void {
    const engine = this.#engine;
    const account = engine.store.get(message.accountSid);
    const number = account?.numberByPhone(message.to);
    if (!account || !number?.smsUrl) return;
    const base = {
      accountSid: account.account.sid,
      authToken: account.account.authToken,
      kind: 'sms-inbound',
      resourceSid: message.sid,
    } as const;
    const params = inboundSmsParams(message);
    engine.timers.after(account.account.sid, 0, async () => {
      let result = await this.dispatcher.send({ ...base, url: number.smsUrl!, method: number.smsMethod, params });
      // When sms_url fails, Twilio asks the fallback URL, telling it what went wrong and where.
      if (!result.delivered && number.smsFallbackUrl) {
        const fallbackParams = { ...params, ErrorCode: String(result.errorCode ?? 11200), ErrorUrl: number.smsUrl! };
        result = await this.dispatcher.send({
          ...base,
          url: number.smsFallbackUrl,
          method: number.smsFallbackMethod,
          params: fallbackParams,
        });
      }
      // The account may have been reset while its webhook was out: its replies belong to the old state.
      if (!result.delivered || engine !== this.#engine || engine.store.get(account.account.sid) !== account) return;
      const replies = this.#repliesFrom(account.account.sid, message.sid, result.body, result.contentType);
      for (const reply of replies) {
        try {
          engine.messages.create(
            account,
            { from: reply.from ?? message.to, to: reply.to ?? message.from ?? '', body: reply.body, mediaUrls: reply.mediaUrls },
            'outbound-reply',
          );
        } catch (error) {
          // A reply Twilio would refuse (e.g. the person opted out) is dropped, as Twilio drops it.
          if (!(error instanceof TwilioError)) throw error;
          this.#alert(account.account.sid, error.code, `Reply to ${message.sid} not sent: ${error.message}`, message.sid);
        }
      }
    });
  }

  /**
   * What an sms_url's answer asks Twilio to send back: TwiML <Message>s, or with text/plain the text itself.
   * Anything else is reported the way Twilio's debugger would (12100 bad TwiML, 12300 wrong content type).
   */
  #repliesFrom(accountSid: string, resourceSid: string, body: string, contentType: string | null): TwimlReply[] {
    if (body.trim() === '') return [];
    const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'text/plain') return [{ body: body.trim(), mediaUrls: [] }];
    if (type !== 'text/xml' && type !== 'application/xml') {
      this.#alert(accountSid, 12300, `Invalid Content-Type '${type || '(none)'}' from the SMS URL: expected text/xml`, resourceSid);
      return [];
    }
    const parsed = parseMessagingTwiml(body);
    if (parsed.ok) return parsed.replies;
    this.#alert(accountSid, 12100, `Document parse failure: ${parsed.reason}`, resourceSid);
    return [];
  }
}
