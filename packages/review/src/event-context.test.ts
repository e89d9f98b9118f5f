import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { timelineArray } from './doc';
import { addEventContext, addMissingEventContexts, countEventsWithoutContext, eventContextText } from './event-context';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { applyTextDiff } from './text';
import { addTimelineEvent, listTimeline, updateTimelineEvent } from './timeline';
import { ReviewInputError } from './validate';

const at = '2024-05-01T15:00:00Z';

describe('event context', () => {
  it('is present, empty, on a decision and absent on other events until asked for', () => {
    const doc = newReview();
    const decision = addTimelineEvent(doc, { at, kind: 'decision', text: 'Fail over to us-east' });
    const action = addTimelineEvent(doc, { at, kind: 'action', text: 'Restarted pods' });
    const byId = () => new Map(listTimeline(doc).map((event) => [event.id, event]));
    expect(byId().get(decision)?.context).toEqual({ known: '', goal: '', pressures: '' });
    expect(byId().get(action)?.context).toBeUndefined();
    addEventContext(doc, action);
    expect(byId().get(action)?.context).toEqual({ known: '', goal: '', pressures: '' });
    expect(() => addEventContext(doc, 'nope')).toThrow(ReviewInputError);
  });

  it('keeps written context visible when the event stops being a decision', () => {
    const doc = newReview();
    const id = addTimelineEvent(doc, { at, kind: 'decision', text: 'Fail over' });
    eventContextText(doc, id, 'pressures')!.insert(0, 'Checkout down for 20 min');
    updateTimelineEvent(doc, id, { kind: 'action' });
    expect(listTimeline(doc)[0]?.context).toEqual({ known: '', goal: '', pressures: 'Checkout down for 20 min' });
  });

  it('merges two replicas typing into one context field at once', () => {
    const a = newReview();
    const id = addTimelineEvent(a, { at, kind: 'decision', text: 'Fail over' });
    const b = replicaOf(a);
    applyTextDiff(eventContextText(a, id, 'known')!, 'The replica lag alert');
    applyTextDiff(eventContextText(b, id, 'known')!, 'Dashboards were stale');
    applyTextDiff(eventContextText(b, id, 'goal')!, 'Stop the errors');
    syncAll(a, b);
    const known = listTimeline(a)[0]?.context?.known ?? '';
    expect(known).toContain('The replica lag alert');
    expect(known).toContain('Dashboards were stale');
    expect(listTimeline(a)).toEqual(listTimeline(b));
    expect(listTimeline(a)[0]?.context?.goal).toBe('Stop the errors');
  });

  it('gives an event stored before context existed its card on request, and shares it', () => {
    const a = newReview();
    timelineArray(a).push([
      new Y.Map<unknown>(Object.entries({ id: 'old', at, kind: 'action', text: new Y.Text('x') })),
    ]);
    expect(eventContextText(a, 'old', 'known')).toBeUndefined();
    addEventContext(a, 'old');
    eventContextText(a, 'old', 'known')!.insert(0, 'Only the pager alert');
    const b = replicaOf(a);
    expect(listTimeline(b)[0]?.context?.known).toBe('Only the pager alert');
  });

  describe('a document from before context existed', () => {
    /** A review whose events have no context map, as written before the feature, on two replicas. */
    function legacyReplicas() {
      const a = newReview();
      const ids = [
        addTimelineEvent(a, { at, kind: 'action', text: 'Restarted pods' }),
        addTimelineEvent(a, { at, kind: 'decision', text: 'Fail over' }),
      ];
      for (const event of timelineArray(a)) (event as Y.Map<unknown>).delete('context');
      return { a, b: replicaOf(a), ids };
    }

    it('loses one writer’s typing when two replicas add context at once (why the server upgrades)', () => {
      const { a, b, ids } = legacyReplicas();
      addEventContext(a, ids[0]!);
      addEventContext(b, ids[0]!);
      applyTextDiff(eventContextText(a, ids[0]!, 'known')!, 'from a');
      applyTextDiff(eventContextText(b, ids[0]!, 'known')!, 'from b');
      syncAll(a, b);
      const known = listTimeline(a)[0]?.context?.known ?? '';
      expect(known.includes('from a') && known.includes('from b')).toBe(false);
    });

    it('keeps both writers’ typing once the maps were added by one replica (the server) first', () => {
      const { a, b, ids } = legacyReplicas();
      const server = replicaOf(a);
      expect(countEventsWithoutContext(server)).toBe(2);
      expect(addMissingEventContexts(server)).toBe(2);
      expect(addMissingEventContexts(server)).toBe(0);
      syncAll(server, a, b);
      expect(countEventsWithoutContext(a)).toBe(0);
      addEventContext(a, ids[0]!);
      addEventContext(b, ids[0]!);
      applyTextDiff(eventContextText(a, ids[0]!, 'known')!, 'from a');
      applyTextDiff(eventContextText(b, ids[0]!, 'known')!, 'from b');
      syncAll(a, b);
      const known = listTimeline(a)[0]?.context?.known ?? '';
      expect(known).toContain('from a');
      expect(known).toContain('from b');
      expect(listTimeline(b)[0]?.context?.known).toBe(known);
    });
  });
});
