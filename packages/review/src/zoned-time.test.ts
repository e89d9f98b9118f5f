import { describe, expect, it } from 'vitest';
import { zonedTimeToIso } from './zoned-time';

describe('zonedTimeToIso', () => {
  it('converts wall-clock times in a zone to UTC, across daylight-saving changes', () => {
    expect(zonedTimeToIso('2026-03-14T14:02:00', 'UTC')).toBe('2026-03-14T14:02:00.000Z');
    expect(zonedTimeToIso('2026-03-14T14:02', 'America/New_York')).toBe('2026-03-14T18:02:00.000Z'); // EDT since 8 March
    expect(zonedTimeToIso('2026-01-14T14:02:00', 'America/New_York')).toBe('2026-01-14T19:02:00.000Z');
    expect(zonedTimeToIso('2026-03-29T12:00:00', 'Europe/Berlin')).toBe('2026-03-29T10:00:00.000Z');
    expect(zonedTimeToIso('2026-02-30T12:00:00', 'UTC')).toBeUndefined();
    expect(zonedTimeToIso('2026-03-14T12:00:00', 'Not/AZone')).toBeUndefined();
  });
});
