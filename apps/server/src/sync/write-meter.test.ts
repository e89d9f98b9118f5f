import { describe, expect, it } from 'vitest';
import { WriteMeter } from './write-meter';

describe('WriteMeter', () => {
  it('allows the updates per second, refuses the next, and starts again a second later', () => {
    const meter = new WriteMeter({ updatesPerSecond: 3, updateBytesPerMinute: 1_000_000 });
    expect([1, 2, 3].map(() => meter.count(10, 0))).toEqual([true, true, true]);
    expect(meter.count(10, 999)).toBe(false);
    expect(meter.count(10, 1_999)).toBe(true);
  });

  it('refuses once the bytes of one minute pass the limit, whatever the update rate', () => {
    const meter = new WriteMeter({ updatesPerSecond: 1_000, updateBytesPerMinute: 100 });
    expect(meter.count(60, 0)).toBe(true);
    expect(meter.count(40, 30_000)).toBe(true);
    expect(meter.count(1, 59_999)).toBe(false);
    expect(meter.count(100, 60_000)).toBe(true);
  });
});
