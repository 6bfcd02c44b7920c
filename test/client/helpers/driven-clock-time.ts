// A TimeSource for the production client that waits on the simulator's virtual clock and moves that clock by
// exactly the wait it asked for. Pacing and retry backoff then take place on the simulator's timeline (what the
// simulator records shows the spacing) without real sleeps and without the test guessing when a wait has begun.
import { timeSourceFromClock, type TimeSource } from '../../../src/index.js';
import type { VirtualClock } from '../../../simulator/index.js';

export interface DrivenClockTime extends TimeSource {
  /** Every wait the client asked for, in order (pacing and retry backoff alike). */
  readonly waits: number[];
}

/**
 * Meant for one wait at a time (one client, one sender): two concurrent waits would each move the clock by their
 * full length, one after the other.
 */
export function drivenClockTime(clock: VirtualClock): DrivenClockTime {
  const onClock = timeSourceFromClock(clock);
  const waits: number[] = [];
  return {
    waits,
    now: () => onClock.now(),
    sleep(ms) {
      waits.push(ms);
      // Arm the timer first, then move time to it: advance() fires it, and the client continues from there.
      const woken = onClock.sleep(ms);
      void clock.advance(Math.max(0, ms));
      return woken;
    },
  };
}
