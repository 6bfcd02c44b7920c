import { describe, expect, it } from 'vitest';
import { SenderPacer } from '../../src/index.js';
import { ManualTime, settle } from './helpers/manual-time.js';

describe('SenderPacer holds a sender per unit of work', () => {
  it('holds the lane units × interval from the job’s start', async () => {
    const time = new ManualTime(10_000);
    const pacer = new SenderPacer({ time });
    const starts: Array<[string, number]> = [];
    const job = (label: string) => async () => void starts.push([label, time.now()]);
    void pacer.schedule('A', job('three segments'), { units: 3 });
    void pacer.schedule('A', job('two at 250 ms'), { units: 2, intervalMs: 250 });
    void pacer.schedule('A', job('next'));
    await settle();
    await time.advance(2999);
    expect(starts).toEqual([['three segments', 10_000]]);
    await time.advance(1);
    await time.advance(500);
    expect(starts).toEqual([
      ['three segments', 10_000],
      ['two at 250 ms', 13_000],
      ['next', 13_500],
    ]);
  });

  it('refuses a negative or non-finite amount of work', () => {
    const pacer = new SenderPacer({ time: new ManualTime() });
    expect(() => pacer.schedule('A', async () => 1, { units: -1 })).toThrow(RangeError);
    expect(() => pacer.schedule('A', async () => 1, { intervalMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
