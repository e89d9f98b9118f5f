import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addTimelineEvent,
  EVENT_REF_ATTR,
  EVENT_REF_NODE,
  initReview,
  narrativeFragment,
  removeTimelineEvent,
  updateTimelineEvent,
} from '@hindsight/review';
import { readRichText } from '../../report/rich-text';
import { timeFormat } from '../timeline/time';
import { citationView } from './citation-view';

const utc = timeFormat('UTC', 'en-GB');

/** A review whose detection section cites one event: "Seen at <citation>". */
function citingReview() {
  const doc = new Y.Doc();
  initReview(doc, { title: 'Checkout outage' });
  const eventId = addTimelineEvent(doc, { at: '2026-03-14T10:02:00Z', kind: 'detection', text: 'Alert\nfires' });
  const paragraph = new Y.XmlElement('paragraph');
  const words = new Y.XmlText();
  words.insert(0, 'Seen at ');
  const citation = new Y.XmlElement(EVENT_REF_NODE);
  citation.setAttribute(EVENT_REF_ATTR, eventId);
  paragraph.insert(0, [words, citation]);
  narrativeFragment(doc, 'detection').insert(0, [paragraph]);
  return { doc, eventId };
}

describe('a citation as the board and the report show it', () => {
  it('shows the event time and current words, then "removed event" once it is gone', () => {
    const { doc, eventId } = citingReview();
    expect(citationView(doc, eventId, utc)).toMatchObject({ removed: false, time: '10:02:00', text: 'Alert fires' });
    updateTimelineEvent(doc, eventId, { text: 'Latency alert fires', at: '2026-03-14T10:03:00Z' });
    expect(citationView(doc, eventId, utc)).toMatchObject({ time: '10:03:00', text: 'Latency alert fires' });
    removeTimelineEvent(doc, eventId);
    expect(citationView(doc, eventId, utc)).toEqual({ removed: true, text: 'removed event' });
    // a citation without an id, or with one of the wrong shape, reads the same
    expect(citationView(doc, null, utc).removed).toBe(true);
    expect(citationView(doc, 'no such id!', utc).removed).toBe(true);
  });

  it('reaches the report as the event it cites, live, and as a removed event', () => {
    const { doc, eventId } = citingReview();
    const inlines = () => {
      const [block] = readRichText(narrativeFragment(doc, 'detection'));
      return block?.kind === 'paragraph' ? block.content : [];
    };
    expect(inlines()[1]).toEqual({
      kind: 'citation',
      event: { id: eventId, at: '2026-03-14T10:02:00.000Z', text: 'Alert\nfires' },
    });
    updateTimelineEvent(doc, eventId, { text: 'Alert seen' });
    expect(inlines()[1]).toMatchObject({ event: { text: 'Alert seen' } });
    removeTimelineEvent(doc, eventId);
    expect(inlines()).toEqual([
      { kind: 'text', text: 'Seen at ', marks: {} },
      { kind: 'citation', event: null },
    ]);
  });
});
