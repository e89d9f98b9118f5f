import { describe, expect, it } from 'vitest';
import type { SpaceWeakness as WeaknessStat } from '@hindsight/protocol';
import {
  monthLabel,
  monthlyChartData,
  monthsBetween,
  rankWeaknesses,
  totalsChartData,
  weaknessSentence,
} from './weakness-view';

const stat = (weakness: string, label: string, counts: Partial<WeaknessStat> = {}): WeaknessStat => ({
  weakness,
  label,
  reviews: 0,
  rootCauses: 0,
  openActions: 0,
  byMonth: [],
  ...counts,
});

describe('weaknessSentence', () => {
  it('says how many of the space’s incidents named the weakness and how many actions are open', () => {
    const deploy = stat('deployment-rollback', 'Deployment and rollback', { reviews: 5, openActions: 3 });
    expect(weaknessSentence(deploy, 8)).toBe('Deployment and rollback: 5 of the last 8 incidents, 3 actions open');
    expect(weaknessSentence({ ...deploy, openActions: 1 }, 8)).toBe(
      'Deployment and rollback: 5 of the last 8 incidents, 1 action open',
    );
    expect(weaknessSentence({ ...deploy, openActions: 0 }, 8)).toBe(
      'Deployment and rollback: 5 of the last 8 incidents, no actions open',
    );
  });

  it('reads right for a space of one incident, and never counts more reviews than incidents', () => {
    expect(weaknessSentence(stat('testing', 'Testing', { reviews: 1 }), 1)).toBe(
      'Testing: 1 of 1 incident, no actions open',
    );
    expect(weaknessSentence(stat('testing', 'Testing', { reviews: 3 }), 2)).toBe(
      'Testing: 3 of the last 3 incidents, no actions open',
    );
  });
});

describe('rankWeaknesses and totalsChartData', () => {
  it('puts the most named first: reviews, then root causes, then open actions, then name', () => {
    const ranked = rankWeaknesses([
      stat('testing', 'Testing', { reviews: 1, rootCauses: 4 }),
      stat('capacity', 'Capacity', { reviews: 2 }),
      stat('architecture', 'Architecture', { reviews: 1, rootCauses: 4, openActions: 2 }),
      stat('dependencies', 'Dependencies', { reviews: 1, rootCauses: 4 }),
    ]);
    expect(ranked.map((entry) => entry.weakness)).toEqual(['capacity', 'architecture', 'dependencies', 'testing']);
  });

  it('keeps only the counts the bars draw', () => {
    const rows = totalsChartData([
      stat('capacity', 'Capacity', {
        reviews: 2,
        rootCauses: 1,
        openActions: 1,
        byMonth: [{ month: '2026-01', reviews: 2 }],
      }),
    ]);
    expect(rows).toEqual([{ weakness: 'capacity', label: 'Capacity', reviews: 2, rootCauses: 1, openActions: 1 }]);
  });
});

describe('monthlyChartData', () => {
  it('lists every month from the first to the last named, quiet months as zeros, every weakness in each', () => {
    const rows = monthlyChartData([
      stat('capacity', 'Capacity', { byMonth: [{ month: '2025-11', reviews: 1 }] }),
      stat('testing', 'Testing', {
        byMonth: [
          { month: '2026-02', reviews: 2 },
          { month: '2025-12', reviews: 1 },
        ],
      }),
    ]);
    expect(rows).toEqual([
      { month: '2025-11', capacity: 1, testing: 0 },
      { month: '2025-12', capacity: 0, testing: 1 },
      { month: '2026-01', capacity: 0, testing: 0 },
      { month: '2026-02', capacity: 0, testing: 2 },
    ]);
  });

  it('is empty when nothing was named', () => {
    expect(monthlyChartData([])).toEqual([]);
    expect(monthlyChartData([stat('capacity', 'Capacity')])).toEqual([]);
  });
});

describe('monthsBetween and monthLabel', () => {
  it('crosses a year and refuses malformed or reversed ranges', () => {
    expect(monthsBetween('2025-12', '2026-01')).toEqual(['2025-12', '2026-01']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthsBetween('2026-03', '2026-01')).toEqual([]);
    expect(monthsBetween('2026-3', '2026-04')).toEqual([]);
  });

  it('names a month as written, whatever the zone', () => {
    expect(monthLabel('2026-03', 'en-GB')).toBe('Mar 2026');
    expect(monthLabel('2026-01', 'en-US')).toBe('Jan 2026');
    expect(monthLabel('soon', 'en-GB')).toBe('soon');
  });
});
