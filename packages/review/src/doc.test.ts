import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { findEntry, initReview, isReviewInitialised, metaMap, timelineArray, wellFormedEntries } from './doc';
import { ReviewInputError } from './validate';

describe('initReview', () => {
  it('writes the title as a Y.Text and every default in one transaction', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    initReview(doc, { title: 'Checkout outage' });
    expect(updates).toBe(1);
    const meta = metaMap(doc);
    expect(meta.get('title')).toBeInstanceOf(Y.Text);
    expect(String(meta.get('title'))).toBe('Checkout outage');
    expect(meta.toJSON()).toEqual({
      title: 'Checkout outage',
      severity: 'SEV3',
    });
    expect(isReviewInitialised(doc)).toBe(true);
  });

  it('uses the given severity', () => {
    const doc = new Y.Doc();
    initReview(doc, { title: 'x', severity: 'SEV1' });
    expect(metaMap(doc).get('severity')).toBe('SEV1');
  });

  it('rejects a bad title or severity and writes nothing', () => {
    const doc = new Y.Doc();
    expect(() => initReview(doc, { title: 'x'.repeat(201) })).toThrow(ReviewInputError);
    expect(() => initReview(doc, { title: 'x', severity: 'SEV0' as never })).toThrow(ReviewInputError);
    expect(isReviewInitialised(doc)).toBe(false);
    expect(metaMap(doc).size).toBe(0);
  });

  it('refuses to initialise a doc twice, which would drop edits to the title', () => {
    const doc = new Y.Doc();
    initReview(doc, { title: 'first' });
    expect(() => initReview(doc, { title: 'second' })).toThrow('review is already initialised');
    expect(String(metaMap(doc).get('title'))).toBe('first');
  });
});

describe('entry lookup', () => {
  it('skips non-maps, missing ids and repeated ids, first occurrence winning', () => {
    const doc = new Y.Doc();
    const array = timelineArray(doc);
    const entry = (id: unknown, tag: string) =>
      new Y.Map<unknown>([
        ['id', id],
        ['tag', tag],
      ]);
    array.push([
      'not a map',
      42,
      entry('a', 'first'),
      entry('', 'empty'),
      entry(7, 'number'),
      entry('a', 'dup'),
      entry('b', 'b'),
    ]);
    expect(wellFormedEntries(array).map(({ id, map }) => [id, map.get('tag')])).toEqual([
      ['a', 'first'],
      ['b', 'b'],
    ]);
    expect(findEntry(array, 'a')?.map.get('tag')).toBe('first');
    expect(findEntry(array, 'a')?.index).toBe(2);
    expect(findEntry(array, 'missing')).toBeUndefined();
  });
});
