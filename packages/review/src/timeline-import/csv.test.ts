import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixtures';
import { parseTimelineImport } from './index';

describe('timeline import: the sample CSV', () => {
  const result = parseTimelineImport(readFixture('timeline.csv'));

  it('reads the valid rows with their kinds, sources and times normalised to UTC', () => {
    expect(result.format).toBe('csv');
    expect(result.events).toHaveLength(8);
    expect(result.events[0]).toEqual({
      at: '2026-03-14T09:41:00.000Z',
      kind: 'action',
      text: 'Config push cfg-2291 changes payments-db pool idle timeout from 300s to 3s',
      source: 'deploy log',
      line: 2,
    });
    // +01:00 offset converted; doubled quotes inside a quoted field unescaped; commas kept in quotes
    expect(result.events.find((event) => event.line === 5)?.at).toBe('2026-03-14T10:08:00.000Z');
    expect(result.events.find((event) => event.line === 8)?.text).toBe('Status page: "Checkout recovering in EU"');
    expect(result.events.find((event) => event.line === 10)?.text).toBe(
      'Failed payment webhooks replayed: 1,873 reconciled, 12 for manual review',
    );
    expect(result.events.map((event) => event.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 10]);
  });

  it('reports the malformed line 9 with its number and text instead of dropping it', () => {
    expect(result.problems).toEqual([
      {
        line: 9,
        raw: 'around 10:40,communication,Affected customers emailed,support',
        message: expect.stringContaining('"around 10:40" is not a time'),
      },
    ]);
  });
});
