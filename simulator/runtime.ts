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
import { parseMessagingTwiml } from './wire/messaging-twiml.js';
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

export class SimulatorRuntime {
  readonly events = new EventBus();
  readonly dispatcher: WebhookDispatcher;
  readonly faults = new FaultBook();
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
    this.events.emit({ type: 'simulator.reset' });
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
      CALLBACK_STATUSES.has(message.status) ||
      (message.status === 'queued' && (previous === 'accepted' || previous === 'scheduled'));
    const authToken = this.#authToken(message.accountSid);
    if (!url || !reportable || !authToken) return;
    // Build the payload now: by the time the webhook goes out the message may have moved on.
    const params = statusCallbackParams(message, this.clock.now());
    // Queued on the clock so it always leaves after the API response that caused it.
    this.clock.after(0, () =>
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
    const params = inboundSmsParams(message);
    const request = {
      accountSid: account.account.sid,
      authToken: account.account.authToken,
      url: number.smsUrl,
      method: number.smsMethod,
      params,
      kind: 'sms-inbound',
      resourceSid: message.sid,
    } as const;
    this.clock.after(0, async () => {
      const result = await this.dispatcher.send(request);
      if (!result.delivered || engine !== this.#engine) return;
      const parsed = parseMessagingTwiml(result.body);
      if (!parsed.ok) return;
      for (const reply of parsed.replies) {
        try {
          engine.messages.create(
            account,
            { from: reply.from ?? message.to, to: reply.to ?? message.from ?? '', body: reply.body, mediaUrls: reply.mediaUrls },
            'outbound-reply',
          );
        } catch (error) {
          // A reply Twilio would refuse (e.g. the person opted out) is dropped, as Twilio drops it.
          if (!(error instanceof TwilioError)) throw error;
        }
      }
    });
  }
}
