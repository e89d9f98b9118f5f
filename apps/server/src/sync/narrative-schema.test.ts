import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addTimelineEvent, EVENT_REF_ATTR, EVENT_REF_NODE, initReview, narrativeFragment } from '@hindsight/review';
import { checkNarrativeInsertion } from './narrative-schema';
import { checkClientUpdate } from './update-check';

/** The server's document: a review with one event and a detection paragraph already citing it. */
function serverDoc() {
  const doc = new Y.Doc();
  initReview(doc, { title: 'Checkout outage' });
  const eventId = addTimelineEvent(doc, { at: '2026-03-14T10:02:00Z', kind: 'detection', text: 'Alert fires' });
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  text.insert(0, 'Seen at ');
  paragraph.insert(0, [text, citation({ [EVENT_REF_ATTR]: eventId })]);
  narrativeFragment(doc, 'detection').insert(0, [paragraph]);
  return { doc, eventId };
}

function citation(attrs: Record<string, unknown>): Y.XmlElement {
  const node = new Y.XmlElement(EVENT_REF_NODE);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value as string);
  return node;
}

/** What a client holding the server's document sends for `change` (one update), judged by the server. */
function judge(doc: Y.Doc, change: (replica: Y.Doc) => void) {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(replica);
  change(replica);
  const update = Y.encodeStateAsUpdate(replica, before);
  return checkClientUpdate(doc, update, new Set(), checkNarrativeInsertion);
}

const detection = (replica: Y.Doc) => narrativeFragment(replica, 'detection');
const firstParagraph = (replica: Y.Doc) => detection(replica).get(0) as Y.XmlElement;
const existingCitation = (replica: Y.Doc) => firstParagraph(replica).get(1) as Y.XmlElement;

describe('the narrative schema at the wire', () => {
  it('accepts a citation of an event id, typing, formatting and known blocks', () => {
    const { doc, eventId } = serverDoc();
    expect(judge(doc, (r) => firstParagraph(r).insert(2, [citation({ [EVENT_REF_ATTR]: eventId })]))).toMatchObject({
      ok: true,
    });
    expect(judge(doc, (r) => (firstParagraph(r).get(0) as Y.XmlText).insert(0, 'First ', { bold: {} }))).toMatchObject({
      ok: true,
    });
    expect(judge(doc, (r) => existingCitation(r).setAttribute(EVENT_REF_ATTR, 'another_Event-1'))).toMatchObject({
      ok: true,
    });
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 4 as unknown as string);
    expect(judge(doc, (r) => detection(r).insert(1, [heading]))).toMatchObject({ ok: true });
    // a citation an editor removes the id from reads as a removed event: deleting is not inserting
    expect(judge(doc, (r) => existingCitation(r).removeAttribute(EVENT_REF_ATTR))).toMatchObject({ ok: true });
  });

  it('refuses a forged citation: a malformed id, another attribute, a non-string id', () => {
    const { doc } = serverDoc();
    const refused = (attrs: Record<string, unknown>) =>
      judge(doc, (r) => firstParagraph(r).insert(2, [citation(attrs)]));
    expect(refused({ [EVENT_REF_ATTR]: 'not an id!' })).toEqual({
      ok: false,
      reason: 'a citation must hold an event id',
    });
    expect(refused({ [EVENT_REF_ATTR]: 'x'.repeat(65) })).toMatchObject({ ok: false });
    expect(refused({ [EVENT_REF_ATTR]: 42 })).toMatchObject({ ok: false });
    expect(refused({ [EVENT_REF_ATTR]: { id: 'abc' } })).toMatchObject({ ok: false });
    expect(refused({ href: 'javascript:alert(1)' })).toEqual({
      ok: false,
      reason: 'a citation has only the attribute eventId',
    });
  });

  it('refuses rewriting an existing citation to a bad id (an overwrite placed by its origin)', () => {
    const { doc } = serverDoc();
    expect(judge(doc, (r) => existingCitation(r).setAttribute(EVENT_REF_ATTR, '<img src=x>'))).toEqual({
      ok: false,
      reason: 'a citation must hold an event id',
    });
    expect(judge(doc, (r) => existingCitation(r).setAttribute('title', 'x'))).toMatchObject({ ok: false });
  });

  it('refuses elements the editor does not know and types it never writes', () => {
    const { doc } = serverDoc();
    expect(judge(doc, (r) => detection(r).insert(0, [new Y.XmlElement('iframe')]))).toEqual({
      ok: false,
      reason: 'narrative node "iframe" is not allowed',
    });
    expect(judge(doc, (r) => detection(r).insert(0, [new Y.XmlHook('hook') as unknown as Y.XmlElement]))).toMatchObject(
      { ok: false },
    );
    expect(judge(doc, (r) => (firstParagraph(r).get(0) as Y.XmlText).insertEmbed(0, { image: 'x' }))).toMatchObject({
      ok: false,
    });
    // a fresh section (its root not in the document yet) is held to the same rules
    expect(judge(doc, (r) => narrativeFragment(r, 'lessons').insert(0, [new Y.XmlElement('script')]))).toMatchObject({
      ok: false,
    });
  });

  it('leaves other roots alone', () => {
    const { doc } = serverDoc();
    expect(judge(doc, (r) => r.getMap('meta').set(EVENT_REF_ATTR, 'not an id!'))).toMatchObject({ ok: true });
  });
});
