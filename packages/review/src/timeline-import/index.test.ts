import { describe, expect, it } from 'vitest';
import { newReview, replicaOf, syncAll } from '../testing/docs';
import { readFixture } from '../testing/fixtures';
import { listTimeline } from '../timeline';
import { ReviewInputError } from '../validate';
import { addImportedEvents, parseTimelineImport } from './index';

describe('addImportedEvents', () => {
  it('adds every event in one transaction that reaches a peer as one update', () => {
    const doc = newReview();
    const peer = replicaOf(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    const { events } = parseTimelineImport(readFixture('timeline.csv'));
    const ids = addImportedEvents(doc, events);
    expect(updates).toBe(1);
    expect(ids).toHaveLength(8);
    syncAll(doc, peer);
    expect(listTimeline(peer).map((event) => event.text)).toEqual(events.map((event) => event.text));
  });

  it('checks every event first and adds none when one is invalid', () => {
    const doc = newReview();
    const good = { at: '2026-03-14T10:00:00Z', kind: 'action' as const, text: 'ok', source: '' };
    const bad = { at: '10:00', kind: 'action' as const, text: 'no zone', source: '' };
    expect(() => addImportedEvents(doc, [good, bad])).toThrow(ReviewInputError);
    expect(listTimeline(doc)).toEqual([]);
  });
});
