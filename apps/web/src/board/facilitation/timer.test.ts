import { describe, expect, it } from 'vitest';
import { extendedEndsAt, formatCountdown, msUntilNextTick, remainingMs, timerEndsAt, TIMES_UP } from './timer';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');

describe('formatCountdown', () => {
  it('shows the time left as mm:ss, counting whole seconds up', () => {
    expect(formatCountdown(5 * 60_000)).toBe('05:00');
    expect(formatCountdown(5 * 60_000 - 1)).toBe('05:00');
    expect(formatCountdown(4 * 60_000 + 59_000)).toBe('04:59');
    expect(formatCountdown(61_000)).toBe('01:01');
    expect(formatCountdown(9_500)).toBe('00:10');
    expect(formatCountdown(1)).toBe('00:01');
  });

  it('adds hours only from an hour on', () => {
    expect(formatCountdown(59 * 60_000 + 59_000)).toBe('59:59');
    expect(formatCountdown(60 * 60_000)).toBe('1:00:00');
    expect(formatCountdown(65 * 60_000 + 3_000)).toBe('1:05:03');
  });

  it('says the time is up at and after the end', () => {
    expect(formatCountdown(0)).toBe(TIMES_UP);
    expect(formatCountdown(-30_000)).toBe(TIMES_UP);
    expect(formatCountdown(Number.NaN)).toBe(TIMES_UP);
  });
});

describe('remainingMs', () => {
  it('measures from the wall clock to the stored end', () => {
    expect(remainingMs('2026-03-02T09:05:00.000Z', NOW)).toBe(5 * 60_000);
    expect(remainingMs('2026-03-02T08:59:00.000Z', NOW)).toBe(-60_000);
    expect(remainingMs('2026-03-02T10:05:00+01:00', NOW)).toBe(5 * 60_000);
  });

  it('has nothing to count without a valid end', () => {
    expect(remainingMs(null, NOW)).toBeNull();
    expect(remainingMs('soon', NOW)).toBeNull();
  });
});

describe('msUntilNextTick', () => {
  it('waits until the shown second changes', () => {
    expect(msUntilNextTick(5 * 60_000)).toBe(1000);
    expect(msUntilNextTick(4_250)).toBe(250);
    expect(msUntilNextTick(999)).toBe(999);
    expect(msUntilNextTick(0)).toBe(Infinity);
  });
});

describe('timer ends', () => {
  it('starts a timer from now', () => {
    expect(timerEndsAt(NOW, 5)).toBe('2026-03-02T09:05:00.000Z');
  });

  it('adds a minute to a running timer, and from now to one that ran out or was never set', () => {
    expect(extendedEndsAt('2026-03-02T09:02:30.000Z', NOW, 1)).toBe('2026-03-02T09:03:30.000Z');
    expect(extendedEndsAt('2026-03-02T08:50:00.000Z', NOW, 1)).toBe('2026-03-02T09:01:00.000Z');
    expect(extendedEndsAt(null, NOW, 1)).toBe('2026-03-02T09:01:00.000Z');
  });
});
