import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '@hindsight/review';
import { keyTimeChanges, keyTimesFollowing, nextEntries } from './timeline-view';

const event = (id: string, at: string, text = ''): TimelineEvent => ({ id, at, kind: 'action', text, source: '' });

describe('timeline entries', () => {
  it('renews an entry when when-learned or its context card changes, not when a context answer does', () => {
    const at = '2026-03-14T14:30:00.000Z';
    const first = nextEntries([], [event('a', at)]);
    expect(first[0]).toMatchObject({ learnedAt: undefined, hasContext: false });
    const learned = nextEntries(first, [{ ...event('a', at), learnedAt: '2026-03-14T14:47:00.000Z' }]);
    expect(learned).not.toBe(first);
    expect(learned[0]?.learnedAt).toBe('2026-03-14T14:47:00.000Z');
    const context = { known: '', goal: '', pressures: '' };
    const carded = nextEntries(first, [{ ...event('a', at), context }]);
    expect(carded[0]?.hasContext).toBe(true);
    expect(nextEntries(carded, [{ ...event('a', at), context: { ...context, known: 'typed' } }])).toBe(carded);
  });

  it('sorts by time whatever the stored order', () => {
    const entries = nextEntries(
      [],
      [
        event('a', '2026-03-14T14:30:00.000Z'),
        event('b', '2026-03-14T14:05:00.000Z'),
        event('c', '2026-03-14T14:20:00.000Z'),
      ],
    );
    expect(entries.map((entry) => entry.id)).toEqual(['b', 'c', 'a']);
  });

  it('returns the previous array when only texts changed, and reuses unchanged entries', () => {
    const first = nextEntries(
      [],
      [event('a', '2026-03-14T14:30:00.000Z', 'x'), event('b', '2026-03-14T14:05:00.000Z')],
    );
    expect(
      nextEntries(first, [event('a', '2026-03-14T14:30:00.000Z', 'xy'), event('b', '2026-03-14T14:05:00.000Z')]),
    ).toBe(first);
    const moved = nextEntries(first, [event('a', '2026-03-14T14:00:00.000Z'), event('b', '2026-03-14T14:05:00.000Z')]);
    expect(moved).not.toBe(first);
    expect(moved.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(moved[1]).toBe(first[0]);
  });
});

describe('key times', () => {
  const at = '2026-03-14T10:00:15.000Z';

  it('marks an event as one key time, clearing others that sat on it', () => {
    expect(keyTimeChanges(at, { started: at }, 'detected')).toEqual([
      ['started', null],
      ['detected', at],
    ]);
    expect(keyTimeChanges(at, { detected: at }, null)).toEqual([['detected', null]]);
    expect(keyTimeChanges(at, { detected: at }, 'detected')).toEqual([]);
  });

  it('moves key times with the event when its time changes', () => {
    const later = '2026-03-14T10:05:00.000Z';
    expect(keyTimesFollowing(at, later, { detected: at, resolved: later })).toEqual([['detected', later]]);
    expect(keyTimesFollowing(at, at, { detected: at })).toEqual([]);
  });
});
