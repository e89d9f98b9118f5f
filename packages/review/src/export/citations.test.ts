import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { EVENT_REF_ATTR, EVENT_REF_NODE, citedEvent } from '../citations';
import { narrativeFragment, narrativeText } from '../narrative';
import { addTimelineEvent, listTimeline, removeTimelineEvent, updateTimelineEvent } from '../timeline';
import { newReview } from '../testing/docs';
import { ReviewInputError } from '../validate';
import { checkExport } from './check-export';
import { importReview } from './import';
import { exportMarkdown } from './markdown';
import { checkNarrativeDoc, fragmentToNarrativeDoc } from './prosemirror';
import { listCitations } from './citations';
import { toExport, type ReviewExportData } from './to-export';

const at = { exportedAt: '2026-03-17T08:00:00.000Z', createdAt: null };

/** A review whose detection section cites two events, one of them removed since. */
function citingReview() {
  const doc = newReview();
  const alert = addTimelineEvent(doc, { at: '2026-03-14T10:02:00Z', kind: 'detection', text: 'Latency alert fires' });
  const push = addTimelineEvent(doc, { at: '2026-03-14T09:41:00Z', kind: 'action', text: 'Config push' });
  const gone = addTimelineEvent(doc, { at: '2026-03-14T09:50:00Z', kind: 'other', text: 'Duplicate page' });
  const paragraph = new Y.XmlElement('paragraph');
  const cite = (eventId: string) => {
    const node = new Y.XmlElement(EVENT_REF_NODE);
    node.setAttribute(EVENT_REF_ATTR, eventId);
    return node;
  };
  const before = new Y.XmlText();
  before.insert(0, 'We learned of it from ');
  const after = new Y.XmlText();
  after.insert(0, ', after ');
  paragraph.insert(0, [before, cite(alert), after, cite(push), cite(gone)]);
  narrativeFragment(doc, 'detection').insert(0, [paragraph]);
  removeTimelineEvent(doc, gone);
  return { doc, alert, push };
}

function importedCopy(data: ReviewExportData): Y.Doc {
  const doc = new Y.Doc();
  importReview(doc, JSON.parse(JSON.stringify(data)) as ReviewExportData);
  return doc;
}

/** The events the detection section cites, by their text (null: a removed event). */
function citedTexts(doc: Y.Doc): (string | null)[] {
  const ids = listCitations(fragmentToNarrativeDoc(narrativeFragment(doc, 'detection'))).map((c) => c.eventId);
  return ids.map((id) => citedEvent(doc, id)?.text ?? null);
}

describe('citations of timeline events', () => {
  it('read the event as it is now: its edited text, and "removed event" once it is gone', () => {
    const { doc, alert } = citingReview();
    expect(narrativeText(doc, 'detection')).toBe(
      'We learned of it from [Latency alert fires], after [Config push][removed event]',
    );
    updateTimelineEvent(doc, alert, { text: 'p99 latency alert fires' });
    expect(narrativeText(doc, 'detection')).toContain('[p99 latency alert fires]');
  });

  it('export as refs of the listed events, and an import points them at the new events', () => {
    const { doc } = citingReview();
    const data = toExport(doc, at);
    // the file names events by their refs, in time order: the push (E1), then the alert (E2)
    expect(data.timeline.map((event) => [event.ref, event.text])).toEqual([
      ['E1', 'Config push'],
      ['E2', 'Latency alert fires'],
    ]);
    expect(listCitations(data.narrative.detection.doc).map((c) => c.eventId)).toEqual(['E2', 'E1', null]);

    const copy = importedCopy(data);
    const newIds = new Set(listTimeline(copy).map((event) => event.id));
    const oldIds = new Set(listTimeline(doc).map((event) => event.id));
    const copied = listCitations(fragmentToNarrativeDoc(narrativeFragment(copy, 'detection')));
    // remapped: every citation names an event of the new review, none of the old one
    for (const { eventId } of copied.slice(0, 2)) {
      expect(newIds.has(eventId!)).toBe(true);
      expect(oldIds.has(eventId!)).toBe(false);
    }
    expect(citedTexts(copy)).toEqual(['Latency alert fires', 'Config push', null]);
    // and the round trip gives the same file
    expect(toExport(copy, at)).toEqual(data);
  });

  it('a citation imported into the new review follows later edits of its event', () => {
    const copy = importedCopy(toExport(citingReview().doc, at));
    const alert = listTimeline(copy).find((event) => event.text === 'Latency alert fires')!;
    updateTimelineEvent(copy, alert.id, { text: 'Alert seen by on-call' });
    expect(citedTexts(copy)[0]).toBe('Alert seen by on-call');
  });

  it('render in Markdown as the event time and text linking to its row, or as a removed event', () => {
    const markdown = exportMarkdown(toExport(citingReview().doc, at));
    expect(markdown).toContain(
      'We learned of it from [2026-03-14 10:02 Latency alert fires](#event-e2), after ' +
        '[2026-03-14 09:41 Config push](#event-e1)*(removed event)*',
    );
    expect(markdown).toContain('| <a id="event-e2"></a>2026-03-14 10:02 |');
    expect(markdown).toContain('| <a id="event-e1"></a>2026-03-14 09:41 |');
  });

  it('an import refuses a citation of an event the file does not list, or a malformed one', () => {
    const data = toExport(citingReview().doc, at);
    const withTarget = (eventId: unknown) => {
      const copy = JSON.parse(JSON.stringify(data)) as ReviewExportData;
      const paragraph = copy.narrative.detection.doc.content![0]!;
      paragraph.content![1]!.attrs = { [EVENT_REF_ATTR]: eventId as string };
      return copy;
    };
    expect(() => checkExport(withTarget('E9'))).toThrow(
      new ReviewInputError('narrative.detection.doc.content.0.content.1.attrs.eventId: no timeline event has ref "E9"'),
    );
    expect(() => checkExport(withTarget('E 1'))).toThrow(/attrs\.eventId: a cited event id is 1-64 letters/);
    expect(() => checkExport(withTarget('E1'))).not.toThrow();
  });

  it('are inline leaves with only an event id', () => {
    const doc = (node: Record<string, unknown>) => ({
      type: 'doc',
      content: [{ type: 'paragraph', content: [node] }],
    });
    expect(checkNarrativeDoc(doc({ type: EVENT_REF_NODE, attrs: { eventId: 'abc_DEF-123' } }))).toBeNull();
    expect(checkNarrativeDoc(doc({ type: EVENT_REF_NODE, attrs: { eventId: null } }))).toBeNull();
    expect(checkNarrativeDoc(doc({ type: EVENT_REF_NODE, attrs: { href: 'x' } }))?.message).toBe(
      'a citation has only the attribute eventId',
    );
    expect(checkNarrativeDoc(doc({ type: EVENT_REF_NODE, content: [{ type: 'text', text: 'x' }] }))?.message).toBe(
      'a citation has no content',
    );
    expect(checkNarrativeDoc({ type: 'doc', content: [{ type: EVENT_REF_NODE }] })?.message).toBe(
      'expected a block here, got "eventRef"',
    );
  });
});
