import { describe, expect, it } from 'vitest';
import { parseTimelineImport } from './index';

describe('timeline import: JSON event arrays', () => {
  it('reads { at | time, kind, text, source } and reports rows it cannot use', () => {
    const text = JSON.stringify(
      [
        { at: '2026-03-14T10:00:00Z', kind: 'detection', text: 'Alert', source: 'pager' },
        { time: '2026-03-14T11:00:00+01:00', kind: 'comms', text: 'Status page' },
        { at: '2026-03-14T10:20:00Z', kind: 'party', text: 'Cake' },
        { at: '2026-03-14T10:30:00Z', kind: 'action', text: '' },
        'not an object',
      ],
      null,
      2,
    );
    const result = parseTimelineImport(text, { format: 'json' });
    expect(result.format).toBe('json');
    expect(result.events.map(({ at, kind, source }) => ({ at, kind, source }))).toEqual([
      { at: '2026-03-14T10:00:00.000Z', kind: 'detection', source: 'pager' },
      { at: '2026-03-14T10:00:00.000Z', kind: 'communication', source: '' },
    ]);
    expect(result.problems.map(({ line, message }) => ({ line, message }))).toEqual([
      { line: 13, message: expect.stringContaining('kind "party"') },
      { line: 18, message: 'the text is empty' },
      { line: 23, message: expect.stringContaining('expected an object') },
    ]);
  });

  it('reports invalid JSON with the line of the error', () => {
    const result = parseTimelineImport('[\n{"at": "2026-03-14T10:00:00Z",\n "text": }\n]');
    expect(result.events).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(/^not valid JSON/);
    expect(result.problems[0]!.line).toBe(3);
  });

  it('refuses JSON of an unknown shape with a message', () => {
    const result = parseTimelineImport('{"hello": 1}');
    expect(result.events).toEqual([]);
    expect(result.problems[0]!.message).toMatch(/expected an array of events/);
  });
});
