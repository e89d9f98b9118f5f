import { describe, expect, it } from 'vitest';
import { isoToLocalInput, localDay, localInputToIso, timeFormat } from './time';

describe('timeline times', () => {
  it('shows a UTC instant as a datetime-local value in the viewer zone, with seconds', () => {
    expect(isoToLocalInput('2026-03-14T10:00:15.000Z', 'UTC')).toBe('2026-03-14T10:00:15');
    expect(isoToLocalInput('2026-03-14T10:00:15.000Z', 'Europe/Berlin')).toBe('2026-03-14T11:00:15');
    expect(isoToLocalInput('2026-03-14T02:30:00.000Z', 'America/Los_Angeles')).toBe('2026-03-13T19:30:00');
    expect(isoToLocalInput('2026-03-14T00:00:00.000Z', 'UTC')).toBe('2026-03-14T00:00:00');
  });

  it('reads a datetime-local value in the viewer zone back to the same UTC instant', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/New_York']) {
      const iso = '2026-03-14T10:00:15.000Z';
      expect(localInputToIso(isoToLocalInput(iso, zone), zone)).toBe(iso);
    }
    expect(localInputToIso('2026-03-14T11:00', 'Europe/Berlin')).toBe('2026-03-14T10:00:00.000Z');
    expect(localInputToIso('', 'UTC')).toBeUndefined();
  });

  it('groups by the local day and names the zone', () => {
    expect(localDay('2026-03-14T23:30:00.000Z', 'UTC')).toBe('2026-03-14');
    expect(localDay('2026-03-14T23:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-15');
    const format = timeFormat('Europe/Berlin', 'en-GB');
    expect(format.time('2026-03-14T10:00:15.000Z')).toBe('11:00:15');
    expect(format.zone(['2026-01-14T10:00:00.000Z'])).toBe('Europe/Berlin (CET)');
  });

  it('names the zone as it was at the times shown, not as it is today', () => {
    const format = timeFormat('America/New_York', 'en-US');
    expect(format.zone(['2026-07-04T15:00:00.000Z'])).toBe('America/New_York (EDT)');
    expect(format.zone(['2026-12-04T15:00:00.000Z'])).toBe('America/New_York (EST)');
    // an incident across the switch back to winter time names both, in order
    expect(format.zone(['2026-10-31T15:00:00.000Z', '2026-11-01T15:00:00.000Z'])).toBe('America/New_York (EDT, EST)');
    expect(format.zone([undefined, 'not a time'])).toMatch(/^America\/New_York \(E[SD]T\)$/);
    expect(timeFormat('UTC', 'en-US').zone(['2026-07-04T15:00:00.000Z'])).toBe('UTC');
  });
});
