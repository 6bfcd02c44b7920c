import { describe, expect, it } from 'vitest';
import {
  RetryExhaustedError,
  SenderPacer,
  TwilioApiError,
  isRetryable,
  parseRetryAfter,
  timeSourceFromClock,
  withRetry,
} from '../../src/index.js';
import { RequestOutcomeUnknownError, isAmbiguousFailure } from '../../src/pacing.js';
import { VirtualClock } from '../../simulator/kernel/clock.js';
import { ManualTime, autoAdvancingTime, settle } from './helpers/manual-time.js';

function recorder(time: ManualTime) {
  const starts: Array<[string, number]> = [];
  const job = (label: string) => async () => {
    starts.push([label, time.now()]);
    return label;
  };
  return { starts, job };
}

describe('SenderPacer', () => {
  it('spaces three sends from one number exactly 1000 ms apart, in order', async () => {
    const time = new ManualTime(50_000);
    const pacer = new SenderPacer({ time });
    const { starts, job } = recorder(time);
    const done = Promise.all(['a1', 'a2', 'a3'].map((label) => pacer.schedule('+61491570156', job(label))));

    await settle();
    expect(starts).toEqual([['a1', 50_000]]);
    await time.advance(999);
    expect(starts).toHaveLength(1);
    await time.advance(1);
    await time.advance(1000);
    expect(await done).toEqual(['a1', 'a2', 'a3']);
    expect(starts).toEqual([
      ['a1', 50_000],
      ['a2', 51_000],
      ['a3', 52_000],
    ]);
  });

  it('keeps different senders independent', async () => {
    const time = new ManualTime();
    const pacer = new SenderPacer({ time });
    const { starts, job } = recorder(time);
    void pacer.schedule('A', job('a1'));
    void pacer.schedule('A', job('a2'));
    void pacer.schedule('B', job('b1'));
    void pacer.schedule('B', job('b2'));
    await settle();
    expect(starts).toEqual([
      ['a1', 0],
      ['b1', 0],
    ]);
    await time.advance(1000);
    expect(starts.slice(2)).toEqual([
      ['a2', 1000],
      ['b2', 1000],
    ]);
  });

  it('honours a configured interval and does not wait after a quiet spell', async () => {
    const time = new ManualTime();
    const pacer = new SenderPacer({ time, minIntervalMs: 250 });
    const { starts, job } = recorder(time);
    void pacer.schedule('A', job('a1'));
    void pacer.schedule('A', job('a2'));
    await time.advance(250);
    await time.advance(5000);
    void pacer.schedule('A', job('a3'));
    await settle();
    expect(starts).toEqual([
      ['a1', 0],
      ['a2', 250],
      ['a3', 5250],
    ]);
  });

  it('starts the next job only after the previous one finished, and a failure does not block the lane', async () => {
    const time = new ManualTime();
    const pacer = new SenderPacer({ time });
    const events: string[] = [];
    const first = pacer.schedule('A', async () => {
      events.push('first starts');
      await time.sleep(3000);
      events.push('first fails');
      throw new Error('boom');
    });
    const second = pacer.schedule('A', async () => {
      events.push(`second starts at ${time.now()}`);
      return 'ok';
    });
    expect(pacer.pending('A')).toBe(2);
    await time.advance(3000);
    await expect(first).rejects.toThrow('boom');
    expect(await second).toBe('ok');
    expect(events).toEqual(['first starts', 'first fails', 'second starts at 3000']);
    expect(pacer.pending()).toBe(0);
  });
});

const http = (status: number, retryAfterMs?: number) =>
  new TwilioApiError({ status, code: status === 429 ? 20429 : null, ...(retryAfterMs ? { retryAfterMs } : {}) });

describe('withRetry', () => {
  it('backs off exponentially (no jitter) and caps the delay', async () => {
    const time = autoAdvancingTime();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 6) throw http(503);
        return 'done';
      },
      { time, jitter: false, maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 1500 },
    );
    expect(result).toBe('done');
    expect(time.sleeps).toEqual([250, 500, 1000, 1500, 1500]);
  });

  it('uses full jitter: a random share of the backoff', async () => {
    const time = autoAdvancingTime();
    const draws = [0, 0.5, 0.999];
    await expect(withRetry(() => Promise.reject(http(429)), { time, random: () => draws.shift() ?? 0 })).rejects.toBeInstanceOf(
      RetryExhaustedError,
    );
    expect(time.sleeps).toEqual([0, 250, 999]);
  });

  it('waits what Retry-After says instead of the backoff', async () => {
    const time = autoAdvancingTime();
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls === 1) throw http(503, 7000);
      },
      { time },
    );
    expect(time.sleeps).toEqual([7000]);
  });

  it('gives up at once when Retry-After is longer than it is willing to wait', async () => {
    const time = autoAdvancingTime();
    const err = await withRetry(() => Promise.reject(http(429, 3_600_000)), { time }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryExhaustedError);
    expect((err as RetryExhaustedError).attempts).toBe(1);
    expect(time.sleeps).toEqual([]);
  });

  it('never retries a 4xx other than 429, nor a programming error', async () => {
    for (const error of [http(400), http(401), http(404), new TypeError('bug')]) {
      let calls = 0;
      const thrown = await withRetry(
        () => {
          calls += 1;
          return Promise.reject(error);
        },
        { time: autoAdvancingTime() },
      ).catch((e: unknown) => e);
      expect(thrown).toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('reports the attempts made and the last error when it runs out', async () => {
    const time = autoAdvancingTime();
    const last = http(503);
    const err = (await withRetry(() => Promise.reject(last), { time, maxAttempts: 3 }).catch((e: unknown) => e)) as RetryExhaustedError;
    expect(err).toBeInstanceOf(RetryExhaustedError);
    expect(err.attempts).toBe(3);
    expect(err.cause).toBe(last);
    expect(time.sleeps).toHaveLength(2);
  });
});

describe('withRetry and 5xx answers to requests that must not run twice', () => {
  it('a 500/502/504 may come after the work was done: not repeated unless idempotent; a 503 is retried', async () => {
    for (const status of [500, 502, 504]) {
      let calls = 0;
      const err = await withRetry(
        () => {
          calls++;
          return Promise.reject(http(status));
        },
        { time: autoAdvancingTime(), maxAttempts: 3 },
      ).catch((e: unknown) => e);
      expect(err, String(status)).toBeInstanceOf(RequestOutcomeUnknownError);
      expect(calls).toBe(1);
      let reads = 0;
      await withRetry(
        () => {
          reads++;
          return Promise.reject(http(status));
        },
        { time: autoAdvancingTime(), maxAttempts: 3, idempotent: true },
      ).catch(() => undefined);
      expect(reads).toBe(3);
    }
    let sends = 0;
    await withRetry(
      () => {
        sends++;
        return Promise.reject(http(503));
      },
      { time: autoAdvancingTime(), maxAttempts: 3 },
    ).catch(() => undefined);
    expect(sends).toBe(3);
  });
});

describe('withRetry and requests that must not run twice', () => {
  const net = (code: string, message: string = code) => Object.assign(new Error(message), { code });
  const failingOnce = (error: unknown) => {
    const calls: number[] = [];
    const fn = async (attempt: number) => {
      calls.push(attempt);
      if (attempt === 1) throw error;
      return 'ok';
    };
    return { calls, fn };
  };

  it.each([
    ['a reset', net('ECONNRESET')],
    ['a hang-up', net('ECONNRESET', 'socket hang up')],
    ["axios' timeout", net('ECONNABORTED', 'timeout of 30000ms exceeded')],
    ['a socket timeout, wrapped', new Error('request failed', { cause: net('ETIMEDOUT') })],
    ['a broken pipe', net('EPIPE')],
  ])('does not repeat a non-idempotent request after %s: RequestOutcomeUnknownError', async (_label, error) => {
    const time = autoAdvancingTime();
    const { calls, fn } = failingOnce(error);
    const err = (await withRetry(fn, { time }).catch((e: unknown) => e)) as RequestOutcomeUnknownError;

    expect(err).toBeInstanceOf(RequestOutcomeUnknownError);
    expect(err.cause).toBe(error);
    expect(err.attempts).toBe(1);
    expect(calls).toEqual([1]);
    expect(time.sleeps).toEqual([]);
  });

  it('does not repeat it even when a custom retryOn says yes', async () => {
    const { calls, fn } = failingOnce(net('ECONNRESET'));
    const err = await withRetry(fn, { time: autoAdvancingTime(), retryOn: () => true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestOutcomeUnknownError);
    expect(calls).toEqual([1]);
  });

  it('repeats it when the request is idempotent, or when the caller opts in with retryAmbiguous', async () => {
    for (const options of [{ idempotent: true }, { retryAmbiguous: true }]) {
      const { calls, fn } = failingOnce(net('ECONNABORTED'));
      expect(await withRetry(fn, { time: autoAdvancingTime(), ...options })).toBe('ok');
      expect(calls).toEqual([1, 2]);
    }
  });

  it.each([
    ['429', new TwilioApiError({ status: 429, code: 20429 })],
    ['503', new TwilioApiError({ status: 503 })],
    ['a refused connection', net('ECONNREFUSED')],
    ['a DNS hiccup', net('EAI_AGAIN')],
  ])('still repeats a non-idempotent request after %s', async (_label, error) => {
    const { calls, fn } = failingOnce(error);
    expect(await withRetry(fn, { time: autoAdvancingTime() })).toBe('ok');
    expect(calls).toEqual([1, 2]);
  });
});

describe('isRetryable / parseRetryAfter', () => {
  it('classifies statuses and network failures', () => {
    const net = (code: string) => Object.assign(new Error(code), { code });
    expect(isRetryable(new TwilioApiError({ status: 429 }))).toBe(true);
    expect(isRetryable(new TwilioApiError({ status: 502 }))).toBe(true);
    expect(isRetryable(new TwilioApiError({ status: 400, code: 21211 }))).toBe(false);
    expect(isRetryable(net('ECONNRESET'))).toBe(true);
    expect(isRetryable(net('ECONNREFUSED'))).toBe(true);
    expect(isRetryable(net('ECONNABORTED'))).toBe(true);
    expect(isRetryable(new Error('wrapped', { cause: net('ETIMEDOUT') }))).toBe(true);
    expect(isRetryable(net('ENOTFOUND'))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });

  it('tells failures after the request may have arrived from failures before it was sent', () => {
    const net = (code: string, message: string = code) => Object.assign(new Error(message), { code });
    for (const code of ['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET']) {
      expect(isAmbiguousFailure(net(code)), code).toBe(true);
    }
    expect(isAmbiguousFailure(new Error('request failed', { cause: new Error('socket hang up') }))).toBe(true);
    for (const code of ['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH']) {
      expect(isAmbiguousFailure(net(code)), code).toBe(false);
    }
    expect(isAmbiguousFailure(new TwilioApiError({ status: 503 }))).toBe(false);
    expect(isAmbiguousFailure(new TwilioApiError({ status: 429 }))).toBe(false);
  });

  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Thu, 01 Jan 2025 00:00:10 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('timeSourceFromClock', () => {
  it("paces on the simulator's VirtualClock", async () => {
    const clock = new VirtualClock({ startAt: 0 });
    const pacer = new SenderPacer({ time: timeSourceFromClock(clock) });
    const starts: number[] = [];
    const all = Promise.all([1, 2, 3].map(() => pacer.schedule('A', async () => void starts.push(clock.now()))));
    await clock.runUntilIdle();
    await settle();
    await clock.runUntilIdle();
    await settle();
    await clock.runUntilIdle();
    await all;
    expect(starts).toEqual([0, 1000, 2000]);
  });
});
