import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff';

describe('webhook retry backoff', () => {
  it('waits 30 s, 2 min, 10 min, 1 h and 6 h (without jitter), then gives up', () => {
    const middle = () => 0.5;
    const delays = [1, 2, 3, 4, 5].map((attempts) => retryDelayMs(attempts, 30_000, middle));
    expect(delays).toEqual([30_000, 120_000, 600_000, 3_600_000, 21_600_000]);
    expect(retryDelayMs(MAX_ATTEMPTS, 30_000, middle)).toBeNull();
    expect(MAX_ATTEMPTS).toBe(6);
  });

  it('spreads each delay by ±20 % so receivers that failed together are not retried together', () => {
    expect(retryDelayMs(1, 30_000, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, 30_000, () => 0.999999)).toBe(36_000);
    expect(retryDelayMs(2, 100, () => 0.5)).toBe(400);
  });
});
