// The typed event bus every state change goes through. Webhooks, the control API's event stream and the inspector
// subscribe; nothing in the domain calls them directly.
//
// The kernel does not know the resources, so it cannot list their events: each resource adds its own to
// `EngineEventMap` by declaration merging (`declare module '…/kernel/events.js'`), and EngineEvent is the union.

/** Event payloads by type. Resources extend this interface; every payload of an account's event has accountSid. */
export interface EngineEventMap {
  alert: { accountSid: string; code: number; message: string; resourceSid: string | null };
  'account.reset': { accountSid: string };
  /** The account was put on a virtual clock of its own. */
  'account.clock': { accountSid: string };
  'simulator.reset': Record<never, never>;
}

export type EngineEvent = { [K in keyof EngineEventMap]: { type: K } & EngineEventMap[K] }[keyof EngineEventMap];
export type EventOf<K extends keyof EngineEventMap> = Extract<EngineEvent, { type: K }>;

type Listener = (event: EngineEvent) => void;

export class EventBus {
  #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Only the events of one type, typed. */
  on<K extends keyof EngineEventMap>(type: K, listener: (event: EventOf<K>) => void): () => void {
    return this.subscribe((event) => {
      if (event.type === type) listener(event as EventOf<K>);
    });
  }

  emit(event: EngineEvent): void {
    for (const listener of this.#listeners) {
      // A broken subscriber must not break the state change that already happened, nor the other subscribers.
      try {
        listener(event);
      } catch (error) {
        console.error('[twilio-sim] an event subscriber failed:', error);
      }
    }
  }
}
