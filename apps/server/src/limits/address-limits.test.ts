import { describe, expect, it } from 'vitest';
import { AddressLimits, memoryLimiter, type LimiterFactory } from './address-limits';

const rates = {
  create: { points: 2, seconds: 3600 },
  join: { points: 0, seconds: 60 },
  upgrade: { points: 1, seconds: 60 },
  joinLink: { points: 0, seconds: 60 },
};

describe('AddressLimits', () => {
  it('refuses an address past its points with the seconds left in its window, and no other address', async () => {
    const limits = new AddressLimits(rates);
    expect(await limits.consume('create', '192.0.2.1')).toEqual({ allowed: true });
    expect(await limits.consume('create', '192.0.2.1')).toEqual({ allowed: true });
    const refused = await limits.consume('create', '192.0.2.1');
    expect(refused.allowed).toBe(false);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(3590);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(await limits.consume('create', '192.0.2.2')).toEqual({ allowed: true });
  });

  it('counts each action on its own, and not at all when its points are 0', async () => {
    const limits = new AddressLimits(rates);
    expect(await limits.consume('upgrade', '192.0.2.1')).toEqual({ allowed: true });
    expect((await limits.consume('upgrade', '192.0.2.1')).allowed).toBe(false);
    expect(await limits.consume('create', '192.0.2.1')).toEqual({ allowed: true });
    for (let i = 0; i < 100; i++) expect(await limits.consume('join', '192.0.2.1')).toEqual({ allowed: true });
  });

  it('counts the addresses of one IPv6 /64 together', async () => {
    const limits = new AddressLimits(rates);
    expect(await limits.consume('upgrade', '2001:db8:1:2::1')).toEqual({ allowed: true });
    expect((await limits.consume('upgrade', '2001:db8:1:2::99')).allowed).toBe(false);
    expect(await limits.consume('upgrade', '2001:db8:1:3::1')).toEqual({ allowed: true });
  });

  it('lets another store count (as a shared one would), and passes its failures on', async () => {
    const made: string[] = [];
    const failing: LimiterFactory = (options) => {
      made.push(options.keyPrefix);
      if (options.keyPrefix.endsWith('upgrade')) return { consume: () => Promise.reject(new Error('store down')) };
      return memoryLimiter(options);
    };
    const limits = new AddressLimits(rates, failing);
    expect(made).toEqual(['hindsight:create', 'hindsight:upgrade']);
    expect(await limits.consume('create', '192.0.2.1')).toEqual({ allowed: true });
    await expect(limits.consume('upgrade', '192.0.2.1')).rejects.toThrow('store down');
  });
});
