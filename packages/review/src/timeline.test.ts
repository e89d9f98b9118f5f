import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { timelineArray } from './doc';
import { newReview, replicaOf, syncAll } from './testing/docs';
import {
  addTimelineEvent,
  listTimeline,
  removeTimelineEvent,
  timelineEventText,
  updateTimelineEvent,
} from './timeline';
import { ReviewInputError } from './validate';

describe('timeline events', () => {
  it('adds events in stored order with normalised times and a default empty source', () => {
    const doc = newReview();
    const late = addTimelineEvent(doc, { at: '2024-05-01T15:00:00Z', kind: 'action', text: 'Rolled back' });
    const early = addTimelineEvent(doc, {
      at: '2024-05-01T16:00:00+02:00',
      kind: 'detection',
      text: 'Alert fired',
      source: '#incidents',
    });
    expect(listTimeline(doc)).toEqual([
      { id: late, at: '2024-05-01T15:00:00.000Z', kind: 'action', text: 'Rolled back', source: '' },
      { id: early, at: '2024-05-01T14:00:00.000Z', kind: 'detection', text: 'Alert fired', source: '#incidents' },
    ]);
    expect(timelineEventText(doc, late)?.toString()).toBe('Rolled back');
  });

  it('updates the given fields in one transaction, text by minimal diff on the same Y.Text', () => {
    const doc = newReview();
    const id = addTimelineEvent(doc, { at: '2024-05-01T15:00:00Z', kind: 'action', text: 'Rolled back' });
    const text = timelineEventText(doc, id);
    let updates = 0;
    doc.on('update', () => updates++);
    updateTimelineEvent(doc, id, {
      at: '2024-05-01T15:05Z',
      kind: 'decision',
      text: 'Rolled back v2',
      source: 'pager',
    });
    expect(updates).toBe(1);
    expect(timelineEventText(doc, id)).toBe(text);
    expect(listTimeline(doc)[0]).toEqual({
      id,
      at: '2024-05-01T15:05:00.000Z',
      kind: 'decision',
      text: 'Rolled back v2',
      source: 'pager',
      context: { known: '', goal: '', pressures: '' },
    });
  });

  it('records when the team learned of an event, normalised, and clears it with null', () => {
    const doc = newReview();
    const id = addTimelineEvent(doc, {
      at: '2024-05-01T10:02:00Z',
      kind: 'detection',
      text: 'Alert fired',
      learnedAt: '2024-05-01T12:19:00+02:00',
    });
    expect(listTimeline(doc)[0]?.learnedAt).toBe('2024-05-01T10:19:00.000Z');
    updateTimelineEvent(doc, id, { learnedAt: '2024-05-01T10:20Z' });
    expect(listTimeline(doc)[0]?.learnedAt).toBe('2024-05-01T10:20:00.000Z');
    updateTimelineEvent(doc, id, { learnedAt: null });
    expect(listTimeline(doc)[0]).not.toHaveProperty('learnedAt');
    expect(() => updateTimelineEvent(doc, id, { learnedAt: '10:20' })).toThrow(ReviewInputError);
  });

  it('removes an event', () => {
    const doc = newReview();
    const keep = addTimelineEvent(doc, { at: '2024-05-01T15:00:00Z', kind: 'other', text: 'a' });
    const drop = addTimelineEvent(doc, { at: '2024-05-01T15:01:00Z', kind: 'other', text: 'b' });
    removeTimelineEvent(doc, drop);
    expect(listTimeline(doc).map((event) => event.id)).toEqual([keep]);
    expect(timelineEventText(doc, drop)).toBeUndefined();
  });

  it('rejects invalid input and unknown ids without writing', () => {
    const doc = newReview();
    const valid = { at: '2024-05-01T15:00:00Z', kind: 'action', text: 'x' } as const;
    expect(() => addTimelineEvent(doc, { ...valid, at: '2024-05-01 15:00' })).toThrow(ReviewInputError);
    expect(() => addTimelineEvent(doc, { ...valid, kind: 'page' as never })).toThrow(ReviewInputError);
    expect(() => addTimelineEvent(doc, { ...valid, text: 'x'.repeat(5001) })).toThrow(ReviewInputError);
    expect(() => addTimelineEvent(doc, { ...valid, source: 'x'.repeat(201) })).toThrow(ReviewInputError);
    expect(listTimeline(doc)).toEqual([]);
    const id = addTimelineEvent(doc, valid);
    // The valid text must not be written when another field of the same patch is invalid.
    expect(() => updateTimelineEvent(doc, id, { text: 'changed', at: 'nope' })).toThrow(ReviewInputError);
    expect(listTimeline(doc)[0]?.text).toBe('x');
    expect(() => updateTimelineEvent(doc, 'missing', { text: 'y' })).toThrow('unknown timeline event id "missing"');
    expect(() => removeTimelineEvent(doc, 'missing')).toThrow(ReviewInputError);
  });

  it('merges concurrent typing into one event and keeps concurrent adds from both replicas', () => {
    const a = newReview();
    const id = addTimelineEvent(a, { at: '2024-05-01T15:00:00Z', kind: 'action', text: 'Rolled back' });
    const b = replicaOf(a);
    updateTimelineEvent(a, id, { text: 'Rolled back deploy' });
    updateTimelineEvent(b, id, { text: 'Ops rolled back' });
    addTimelineEvent(b, { at: '2024-05-01T14:00:00Z', kind: 'detection', text: 'Alert' });
    syncAll(a, b);
    expect(listTimeline(a)).toEqual(listTimeline(b));
    expect(listTimeline(a).map((event) => event.text)).toEqual(['Ops rolled back deploy', 'Alert']);
  });

  it('reads a malformed timeline without throwing, skipping entries it cannot place', () => {
    const doc = newReview();
    const id = addTimelineEvent(doc, { at: '2024-05-01T15:00:00Z', kind: 'action', text: 'ok' });
    const entry = (fields: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(fields));
    timelineArray(doc).push([
      'garbage',
      entry({ id: 'no-time', kind: 'action', text: 'x' }),
      entry({ id: 'bad-time', at: 'yesterday', kind: 'action' }),
      entry({ at: '2024-05-01T15:00:00Z', kind: 'action' }),
      entry({ id, at: '2024-05-01T15:00:00Z', kind: 'action', text: 'duplicate id' }),
      entry({ id: 'odd', at: '2024-05-01T15:00:00Z', kind: 'nonsense', text: 'plain', source: 42 }),
    ]);
    expect(listTimeline(doc)).toEqual([
      { id, at: '2024-05-01T15:00:00.000Z', kind: 'action', text: 'ok', source: '' },
      { id: 'odd', at: '2024-05-01T15:00:00.000Z', kind: 'other', text: 'plain', source: '' },
    ]);
    expect(timelineEventText(doc, 'odd')).toBeUndefined();
    // Writing text to a malformed entry repairs it into a Y.Text.
    updateTimelineEvent(doc, 'odd', { text: 'fixed' });
    expect(timelineEventText(doc, 'odd')?.toString()).toBe('fixed');
  });
});
