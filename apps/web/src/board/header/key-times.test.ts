import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isoToLocalInput, localInputToIso } from './key-times';

describe('key times in the viewer zone', () => {
  const original = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = 'America/New_York';
  });
  afterEach(() => {
    process.env.TZ = original;
  });

  it('shows a UTC instant as local wall-clock time and reads it back as the same instant', () => {
    expect(isoToLocalInput('2026-03-02T08:00:00.000Z')).toBe('2026-03-02T03:00');
    expect(localInputToIso('2026-03-02T03:00')).toBe('2026-03-02T08:00:00.000Z');
    // summer time: the offset follows the date, not today
    expect(isoToLocalInput('2026-07-01T12:30:00.000Z')).toBe('2026-07-01T08:30');
    expect(localInputToIso('2026-07-01T08:30')).toBe('2026-07-01T12:30:00.000Z');
  });

  it('refuses incomplete or impossible values', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('2026-03-02')).toBeNull();
    expect(localInputToIso('2026-02-31T10:00')).toBeNull();
    expect(isoToLocalInput('not a date')).toBe('');
  });
});
