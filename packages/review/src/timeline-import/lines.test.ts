import { describe, expect, it } from 'vitest';
import { parseTimelineImport } from './index';

describe('timeline import: pasted lines', () => {
  it('reads ISO times with a zone, and times of day on the reference date in the given zone', () => {
    const text = [
      '2026-03-14T14:02:00Z Alert fired on checkout-api',
      '',
      '14:05 - decision: roll back cfg-2291',
      '  14:07:30  Rollback started',
      '9:15 Status page updated',
      '14:20Z Errors back to normal',
    ].join('\n');
    const result = parseTimelineImport(text, { referenceDate: '2026-03-14', timeZone: 'Europe/Berlin' });
    expect(result.format).toBe('lines');
    expect(result.problems).toEqual([]);
    expect(result.events.map(({ at, kind, text, line }) => ({ at, kind, text, line }))).toEqual([
      { at: '2026-03-14T14:02:00.000Z', kind: 'detection', text: 'Alert fired on checkout-api', line: 1 },
      { at: '2026-03-14T13:05:00.000Z', kind: 'decision', text: 'roll back cfg-2291', line: 3 },
      { at: '2026-03-14T13:07:30.000Z', kind: 'action', text: 'Rollback started', line: 4 },
      { at: '2026-03-14T08:15:00.000Z', kind: 'communication', text: 'Status page updated', line: 5 },
      { at: '2026-03-14T14:20:00.000Z', kind: 'action', text: 'Errors back to normal', line: 6 },
    ]);
  });

  it('reports lines without a time, and times of day when no reference date is set', () => {
    const result = parseTimelineImport('14:02 Alert fired\nsomething happened\n25:00 nope', { format: 'lines' });
    expect(result.events).toEqual([]);
    expect(result.problems.map(({ line, message }) => ({ line, message }))).toEqual([
      { line: 1, message: expect.stringContaining('has no date') },
      { line: 2, message: expect.stringContaining('must start with a time') },
      { line: 3, message: expect.stringContaining('has no date') },
    ]);
    const dated = parseTimelineImport('25:00 nope', { format: 'lines', referenceDate: '2026-03-14' });
    expect(dated.problems[0]!.message).toContain('not a valid time');
  });
});
