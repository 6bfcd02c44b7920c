// The typed event bus every state change goes through. Webhooks, the control API's event stream and the inspector
// subscribe; nothing in the engine calls them directly.
import type { Message, OwnedNumber } from './types.js';

export type EngineEvent =
  | { type: 'message.created'; accountSid: string; message: Message }
  | { type: 'message.status'; accountSid: string; message: Message; previous: Message['status'] }
  | { type: 'message.updated'; accountSid: string; message: Message }
  | { type: 'message.deleted'; accountSid: string; sid: string }
  | { type: 'message.opt-out'; accountSid: string; number: string; person: string; optedOut: boolean }
  | { type: 'number.updated'; accountSid: string; number: OwnedNumber }
  | { type: 'alert'; accountSid: string; code: number; message: string; resourceSid: string | null }
  | { type: 'account.reset'; accountSid: string }
  | { type: 'simulator.reset' };

type Listener = (event: EngineEvent) => void;

export class EventBus {
  #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
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
