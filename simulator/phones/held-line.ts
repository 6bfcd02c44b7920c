// While a test holds a device's line — an expectCall is waiting, or a call it claimed is still live — the device,
// not the number's callee script, decides what happens on calls to and from that number. It does so through the
// calls resource's own mechanism: a 'call' script for the number that rings until the caller's Timeout (so the call
// waits for answer/reject/busy, or ends as no-answer when ignored), never hangs up by itself and presses nothing.
// When the last hold ends, whatever script the account had for the number comes back.
import type { ScenarioBook } from '../kernel/scenarios.js';
import { CALL, type CalleeScript, calleeScript } from '../resources/calls/scenarios.js';

// Longer than any Timeout a call can have, so the ring ends only by the device's hand or the caller giving up.
const HELD_SCRIPT: CalleeScript = calleeScript({ answer: 'answer', ringMs: 4 * 60 * 60 * 1000 });

export class HeldLine {
  #holds = 0;
  #previous: CalleeScript | undefined;

  constructor(
    private readonly book: ScenarioBook,
    private readonly accountSid: string,
    private readonly number: string,
  ) {}

  /** Take the line; the returned function gives this hold back (calling it twice is harmless). */
  hold(): () => void {
    if (this.#holds++ === 0) {
      this.#previous = this.book
        .list<CalleeScript>(this.accountSid, CALL)
        .find((e) => e.scope === 'account' && e.to === this.number)?.scenario;
      this.book.set(this.accountSid, CALL, this.number, HELD_SCRIPT);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#holds > 0) return;
      if (this.#previous) this.book.set(this.accountSid, CALL, this.number, this.#previous);
      else this.book.remove(this.accountSid, CALL, this.number);
      this.#previous = undefined;
    };
  }
}
