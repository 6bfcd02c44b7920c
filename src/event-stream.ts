// A small typed event hub for webhook events: subscribe by type, or await the next matching event (handy in
// tests: `await router.events.next('sms.delivered', 5000)`). Keeps no history unless asked to (historyLimit):
// with one, a waiter that starts after the webhook arrived can still find it (`waitFor`).
import type { EventOfType, WebhookEvent, WebhookEventType } from './webhook-events.js';

export type EventMatcher = WebhookEventType | ((event: WebhookEvent) => boolean);

/** Thrown by next()/waitFor() when no matching event arrived in time. */
export class WebhookWaitTimeoutError extends Error {
  override readonly name = 'WebhookWaitTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no matching webhook event within ${timeoutMs} ms`);
  }
}

type AnyListener = (event: WebhookEvent) => void;

export class WebhookEventStream {
  readonly historyLimit: number;
  readonly #listeners = new Map<WebhookEventType | '*', Set<AnyListener>>();
  #history: WebhookEvent[] = [];

  constructor(options: { historyLimit?: number } = {}) {
    this.historyLimit = options.historyLimit ?? 0;
  }

  /** Events seen so far, oldest first (at most historyLimit; none unless a historyLimit was given). */
  get history(): readonly WebhookEvent[] {
    return this.#history;
  }

  /** Subscribe to one type, or '*' for all. Returns the unsubscribe function. */
  on<K extends WebhookEventType>(type: K, listener: (event: EventOfType<K>) => void): () => void;
  on(type: '*', listener: (event: WebhookEvent) => void): () => void;
  on(type: WebhookEventType | '*', listener: (event: never) => void): () => void {
    const set = this.#listeners.get(type) ?? new Set<AnyListener>();
    this.#listeners.set(type, set);
    const l = listener as AnyListener;
    set.add(l);
    return () => void set.delete(l);
  }

  /** Resolve with the next event (arriving after this call) that matches; reject after timeoutMs (default 5000). */
  next<K extends WebhookEventType>(type: K, timeoutMs?: number): Promise<EventOfType<K>>;
  next<E extends WebhookEvent>(predicate: (event: WebhookEvent) => event is E, timeoutMs?: number): Promise<E>;
  next(matcher?: EventMatcher, timeoutMs?: number): Promise<WebhookEvent>;
  next(matcher?: EventMatcher, timeoutMs = 5000): Promise<WebhookEvent> {
    const matches = toPredicate(matcher);
    return new Promise((resolve, reject) => {
      const unsubscribe = this.on('*', (event) => {
        if (!matches(event)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(event);
      });
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new WebhookWaitTimeoutError(timeoutMs));
      }, timeoutMs);
    });
  }

  /** Like next(), but an event already in the history counts too (the most recent match wins). */
  waitFor<K extends WebhookEventType>(type: K, timeoutMs?: number): Promise<EventOfType<K>>;
  waitFor<E extends WebhookEvent>(predicate: (event: WebhookEvent) => event is E, timeoutMs?: number): Promise<E>;
  waitFor(matcher?: EventMatcher, timeoutMs?: number): Promise<WebhookEvent>;
  waitFor(matcher?: EventMatcher, timeoutMs?: number): Promise<WebhookEvent> {
    const matches = toPredicate(matcher);
    const seen = this.#history.findLast(matches);
    return seen ? Promise.resolve(seen) : this.next(matches, timeoutMs);
  }

  /** Deliver an event to listeners and history (the webhook router calls this; tests may too). */
  emit(event: WebhookEvent): void {
    if (this.historyLimit > 0) this.#history.push(event);
    if (this.#history.length > this.historyLimit) this.#history.splice(0, this.#history.length - this.historyLimit);
    for (const key of [event.type, '*'] as const) {
      for (const listener of [...(this.#listeners.get(key) ?? [])]) {
        try {
          listener(event);
        } catch (err) {
          // A broken observer must not turn Twilio's webhook into a 500; surface it without crashing.
          process.emitWarning(`webhook event listener threw: ${String(err)}`);
        }
      }
    }
  }

  /** Forget the history (listeners stay). */
  clear(): void {
    this.#history = [];
  }
}

function toPredicate(matcher: EventMatcher | undefined): (event: WebhookEvent) => boolean {
  if (matcher === undefined) return () => true;
  if (typeof matcher === 'string') return (event) => event.type === matcher;
  return matcher;
}
