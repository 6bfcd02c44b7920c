// Twilio numbers a call's status callbacks (SequenceNumber 0, 1, 2…) but does not promise they arrive in that
// order: a `completed` can overtake its `answered`. This puts them back in order per CallSid before the app sees
// them, holding an early arrival until the ones before it have come. Use it on a router's event stream:
// `inSequence(router.events, (event) => …)`.
import type { WebhookEventStream } from './event-stream.js';
import { isCallEnded, type VoiceStatusEvent, type WebhookEvent } from './webhook-events.js';

export interface VoiceEventSequencerOptions {
  /**
   * Calls followed at once (default 10 000). A call whose callbacks stop coming (a delivery Twilio gave up on)
   * would otherwise be held forever; past this limit the oldest call's held events are released in order.
   */
  maxCalls?: number;
}

interface CallState {
  next: number;
  held: Map<number, VoiceStatusEvent>;
}

export class VoiceEventSequencer {
  readonly #calls = new Map<string, CallState>();
  /** Calls already over: a straggler for one of them (a retried delivery) is not a new call. */
  readonly #ended = new Set<string>();
  readonly #maxCalls: number;

  constructor(
    private readonly emit: (event: VoiceStatusEvent) => void,
    options: VoiceEventSequencerOptions = {},
  ) {
    this.#maxCalls = options.maxCalls ?? 10_000;
  }

  /** Take one status callback; emits it, and any it was holding up, once everything before it has been emitted. */
  push(event: VoiceStatusEvent): void {
    const seq = event.sequenceNumber;
    // Without a number there is nothing to order by: pass it on as it came.
    if (seq === undefined) return this.emit(event);
    if (this.#ended.has(event.callSid)) return;
    let state = this.#calls.get(event.callSid);
    if (!state) {
      state = { next: 0, held: new Map() };
      this.#calls.set(event.callSid, state);
      if (this.#calls.size > this.#maxCalls) this.flush(this.#calls.keys().next().value!);
    }
    // A repeat of one already emitted or already waiting.
    if (seq < state.next || state.held.has(seq)) return;
    state.held.set(seq, event);
    this.#release(event.callSid, state);
  }

  /** Emit whatever a call is holding (in order, gaps and all) and stop waiting for the rest. */
  flush(callSid: string): void {
    const state = this.#calls.get(callSid);
    if (!state) return;
    this.#calls.delete(callSid);
    for (const seq of [...state.held.keys()].sort((a, b) => a - b)) this.emit(state.held.get(seq)!);
  }

  /** How many of a call's callbacks are waiting for an earlier one. */
  pending(callSid: string): number {
    return this.#calls.get(callSid)?.held.size ?? 0;
  }

  #release(callSid: string, state: CallState): void {
    for (let event = state.held.get(state.next); event; event = state.held.get(state.next)) {
      state.held.delete(state.next);
      state.next++;
      this.emit(event);
      if (isCallEnded(event)) {
        this.#calls.delete(callSid);
        this.#ended.add(callSid);
        if (this.#ended.size > this.#maxCalls) this.#ended.delete(this.#ended.values().next().value!);
        return;
      }
    }
  }
}

function isStatusEvent(event: WebhookEvent): event is VoiceStatusEvent {
  return event.type.startsWith('voice.') && event.type !== 'voice.request';
}

/** Listen to a router's call status events in SequenceNumber order per call. Returns the unsubscribe function. */
export function inSequence(
  stream: WebhookEventStream,
  listener: (event: VoiceStatusEvent) => void,
  options?: VoiceEventSequencerOptions,
): () => void {
  const sequencer = new VoiceEventSequencer(listener, options);
  return stream.on('*', (event) => {
    if (isStatusEvent(event)) sequencer.push(event);
  });
}
