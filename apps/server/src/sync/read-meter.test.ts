import { describe, expect, it } from 'vitest';
import { ReadMeter } from './read-meter';

const RATES = {
  syncRequestsPerMinute: 2,
  awarenessQueriesPerMinute: 1,
  awarenessFramesPer10s: 3,
  awarenessBytesPer10s: 100,
};

describe('ReadMeter', () => {
  it('allows the sync requests of a minute, refuses the next, and starts again a minute later', () => {
    const meter = new ReadMeter(RATES);
    expect([meter.countSyncRequest(0), meter.countSyncRequest(1)]).toEqual([true, true]);
    expect(meter.countSyncRequest(59_999)).toBe(false);
    expect(meter.countSyncRequest(60_001)).toBe(true);
  });

  it('counts awareness queries apart from sync requests', () => {
    const meter = new ReadMeter(RATES);
    expect(meter.countAwarenessQuery(0)).toBe(true);
    expect(meter.countSyncRequest(0)).toBe(true);
    expect(meter.countAwarenessQuery(1)).toBe(false);
  });

  it('refuses awareness frames beyond the count or the bytes of 10 s', () => {
    const byCount = new ReadMeter(RATES);
    expect([1, 2, 3].map(() => byCount.countAwarenessFrame(1, 0))).toEqual([true, true, true]);
    expect(byCount.countAwarenessFrame(1, 9_999)).toBe(false);
    expect(byCount.countAwarenessFrame(1, 10_000)).toBe(true);
    const byBytes = new ReadMeter(RATES);
    expect(byBytes.countAwarenessFrame(100, 0)).toBe(true);
    expect(byBytes.countAwarenessFrame(1, 0)).toBe(false);
  });
});
