// An account's messages, kept in its slot: the records, their creation order (so a paging cursor survives a
// delete) and who opted out of which of our numbers.
import type { Slot } from '../../kernel/accounts.js';
import type { Message } from './types.js';

export class MessageBox {
  readonly messages = new Map<string, Message>();
  /** `${ourNumber}|${person}` pairs where the person texted STOP to our number. */
  readonly optOuts = new Set<string>();
  /** Creation order of every message ever stored, deleted ones included, so a paging cursor survives deletion. */
  readonly #order = new Map<string, number>();

  add(message: Message): void {
    this.messages.set(message.sid, message);
    this.#order.set(message.sid, this.#order.size);
  }

  /** Position in creation order (higher = newer), also for messages since deleted. */
  order(sid: string): number | undefined {
    return this.#order.get(sid);
  }

  /** Newest first, as Twilio lists messages. Map iteration order is creation order. */
  newestFirst(): Message[] {
    return [...this.messages.values()].reverse();
  }
}

export const MESSAGES: Slot<MessageBox> = { name: 'messages', create: () => new MessageBox() };
