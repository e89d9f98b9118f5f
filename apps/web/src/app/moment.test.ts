import { describe, expect, it } from 'vitest';
import { readableMoment } from './moment';

describe('readableMoment', () => {
  it('shows the date and time in the given locale and zone, with the zone named', () => {
    expect(readableMoment('2026-12-01T13:05:00.000Z', 'en-GB', 'Europe/Paris')).toBe(
      '1 Dec 2026, 14:05 (Europe/Paris)',
    );
    // The same instant elsewhere: another wall-clock time (and day), never the UTC one.
    expect(readableMoment('2026-12-01T23:30:00.000Z', 'en-GB', 'Australia/Adelaide')).toBe(
      '2 Dec 2026, 10:00 (Australia/Adelaide)',
    );
    expect(readableMoment('2026-12-01T13:05:00.000Z', 'en-US', 'America/New_York')).toMatch(
      /^Dec 1, 2026, 8:05\sAM \(America\/New_York\)$/,
    );
  });

  it('never shows an unreadable time as it came', () => {
    expect(readableMoment('soon', 'en-GB', 'UTC')).toBe('an unknown time');
  });
});
