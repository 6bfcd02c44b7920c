// An account's calls, kept in its slot: the records, their creation order (so a paging cursor survives a delete)
// and each call's timeline (status changes, TwiML verbs, requests, what the callee did).
import type { Slot } from '../../kernel/accounts.js';
import type { Call } from './types.js';

export interface TimelineEntry {
  /** Epoch ms on the simulator's clock. */
  at: number;
  kind: 'status' | 'event' | 'request' | 'verb' | 'callee' | 'alert';
  name: string;
  detail?: Record<string, unknown>;
}

const MAX_TIMELINE = 2_000;

export class CallBox {
  readonly calls = new Map<string, Call>();
  readonly #timelines = new Map<string, TimelineEntry[]>();
  readonly #order = new Map<string, number>();

  add(call: Call): void {
    this.calls.set(call.sid, call);
    this.#order.set(call.sid, this.#order.size);
  }

  order(sid: string): number | undefined {
    return this.#order.get(sid);
  }

  newestFirst(): Call[] {
    return [...this.calls.values()].reverse();
  }

  timeline(sid: string): TimelineEntry[] {
    return this.#timelines.get(sid) ?? [];
  }

  note(sid: string, entry: TimelineEntry): void {
    const list = this.#timelines.get(sid) ?? [];
    // A runaway TwiML loop must not grow memory without end; the earliest entries tell the story.
    if (list.length < MAX_TIMELINE) list.push(entry);
    this.#timelines.set(sid, list);
  }

  forget(sid: string): void {
    this.calls.delete(sid);
    this.#timelines.delete(sid);
  }
}

export const CALLS: Slot<CallBox> = { name: 'calls', create: () => new CallBox() };
