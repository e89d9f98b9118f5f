import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixtures';
import { parseTimelineImport } from './index';

describe('timeline import: the sample pager log', () => {
  const result = parseTimelineImport(readFixture('pager-log.json'));

  it('maps each log entry type to a kind and the agent to the source', () => {
    expect(result.format).toBe('pager');
    expect(result.problems).toEqual([]);
    expect(result.events.map(({ at, kind, line }) => ({ at, kind, line }))).toEqual([
      { at: '2026-03-14T10:00:15.000Z', kind: 'detection', line: 3 },
      { at: '2026-03-14T10:00:20.000Z', kind: 'communication', line: 4 },
      { at: '2026-03-14T10:01:40.000Z', kind: 'action', line: 5 },
      { at: '2026-03-14T10:07:30.000Z', kind: 'action', line: 6 },
      // a note is free text, its kind guessed from its words ("rolling back config push cfg-2291")
      { at: '2026-03-14T10:16:00.000Z', kind: 'action', line: 7 },
      { at: '2026-03-14T11:27:00.000Z', kind: 'action', line: 8 },
    ]);
    expect(result.events[0]).toMatchObject({
      text: 'Triggered through the API: checkout-api p99 latency > 2s',
      source: 'pager · checkout-api',
    });
    expect(result.events[4]).toMatchObject({ text: 'rolling back config push cfg-2291', source: 'pager · Chen Li' });
    expect(result.events.map((event) => event.sourceId)).toEqual(
      ['R1A', 'R1B', 'R1C', 'R1D', 'R1E', 'R1F'].map((id) => `pager:${id}`),
    );
  });

  it('reports an entry without a valid created_at on its own line', () => {
    const broken = readFixture('pager-log.json').replace(
      '"created_at": "2026-03-14T10:07:30Z"',
      '"created_at": "yesterday"',
    );
    const { events, problems } = parseTimelineImport(broken);
    expect(events).toHaveLength(5);
    expect(problems).toEqual([
      { line: 6, raw: expect.stringContaining('"id": "R1D"'), message: expect.stringContaining('"yesterday"') },
    ]);
  });
});
