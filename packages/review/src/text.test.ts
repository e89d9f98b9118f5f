import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextDiff, readText, textDiff, wellFormed } from './text';
import { syncAll } from './testing/docs';

describe('textDiff', () => {
  it('keeps the common prefix and suffix', () => {
    expect(textDiff('hello world', 'hello brave world')).toEqual({ index: 6, remove: 0, insert: 'brave ' });
    expect(textDiff('hello world', 'hello')).toEqual({ index: 5, remove: 6, insert: '' });
    expect(textDiff('abc', 'abc')).toEqual({ index: 3, remove: 0, insert: '' });
    expect(textDiff('', 'new')).toEqual({ index: 0, remove: 0, insert: 'new' });
    expect(textDiff('aaa', 'aa')).toEqual({ index: 2, remove: 1, insert: '' });
  });

  it('never splits a surrogate pair', () => {
    // 😀 and 😁 share their high surrogate; splitting there would store half a character.
    expect(textDiff('a😀b', 'a😁b')).toEqual({ index: 1, remove: 2, insert: '😁' });
    expect(textDiff('😀x', '😁x')).toEqual({ index: 0, remove: 2, insert: '😁' });
  });
});

describe('applyTextDiff', () => {
  it('turns the Y.Text into the new string', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    for (const next of ['draft', 'first draft', 'first dr', '', 'done 😀']) {
      applyTextDiff(text, next);
      expect(text.toString()).toBe(next);
    }
  });

  it('keeps a concurrent edit elsewhere in the text, unlike replacing the whole string', () => {
    const a = new Y.Doc();
    applyTextDiff(a.getText('t'), 'database failover');
    const b = new Y.Doc();
    syncAll(a, b);
    applyTextDiff(a.getText('t'), 'primary database failover'); // a types at the start
    applyTextDiff(b.getText('t'), 'database failover delayed'); // b types at the end
    syncAll(a, b);
    expect(a.getText('t').toString()).toBe('primary database failover delayed');
    expect(b.getText('t').toString()).toBe('primary database failover delayed');
  });

  it('makes no change when the string is unchanged', () => {
    const doc = new Y.Doc();
    applyTextDiff(doc.getText('t'), 'same');
    let updates = 0;
    doc.on('update', () => updates++);
    applyTextDiff(doc.getText('t'), 'same');
    expect(updates).toBe(0);
  });
});

describe('wellFormed', () => {
  it('replaces lone surrogates and keeps whole pairs', () => {
    expect(wellFormed('a\uD83Dx\uDE00b😀')).toBe('a\uFFFDx\uFFFDb😀');
    expect(wellFormed('plain')).toBe('plain');
  });

  it('keeps replicas converged when a client writes half an emoji', () => {
    const a = new Y.Doc();
    applyTextDiff(a.getText('t'), 'a😀b😀c');
    const b = new Y.Doc();
    syncAll(a, b);
    applyTextDiff(a.getText('t'), 'a\uD83Dx\uDE00b😀c'); // typed into the middle of the first emoji
    applyTextDiff(b.getText('t'), 'a😀b😀cz');
    applyTextDiff(a.getText('t'), 'a\uFFFDx\uFFFDb\uD83Dy\uDE00c');
    syncAll(a, b);
    const current = b.getText('t').toString();
    applyTextDiff(b.getText('t'), `${current.slice(0, 3)}q${current.slice(3)}`);
    syncAll(a, b);
    expect(a.getText('t').toString()).toBe(b.getText('t').toString());
  });
});

describe('readText', () => {
  it('reads a Y.Text, a plain string, and defaults anything else to empty', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x');
    expect(readText(doc.getText('t'))).toBe('x');
    expect(readText('plain')).toBe('plain');
    expect(readText(42)).toBe('');
    expect(readText(undefined)).toBe('');
  });
});

describe('textDiff with the caret', () => {
  it('puts a space typed next to an identical space where the caret says, not at the end of the run', () => {
    // "X" + a space typed by someone else; the person typed their own space before it (caret at 2).
    expect(textDiff('X ', 'X  ', 2)).toEqual({ index: 1, remove: 0, insert: ' ' });
    expect(textDiff('X ', 'X  ')).toEqual({ index: 2, remove: 0, insert: ' ' });
  });

  it('deletes the character the caret says among identical neighbours', () => {
    expect(textDiff('aaa', 'aa', 1)).toEqual({ index: 1, remove: 1, insert: '' });
    expect(textDiff('aaa', 'aa', 0)).toEqual({ index: 0, remove: 1, insert: '' });
  });

  it('ignores a caret outside the text and still produces a correct splice', () => {
    expect(textDiff('abc', 'abXc', 99)).toEqual({ index: 2, remove: 0, insert: 'X' });
    expect(textDiff('abc', 'abXc', 3)).toEqual({ index: 2, remove: 0, insert: 'X' });
    expect(textDiff('abc', 'abXc', -5)).toEqual({ index: 2, remove: 0, insert: 'X' });
  });

  it('keeps two people typing at the same spot in separate words', () => {
    // The case a browser test caught: Alice's space reaches Bob before he types his; his caret stays
    // before it, so his space and word go before hers. A caret-blind diff attached his word to her space.
    const alice = new Y.Doc();
    const bob = new Y.Doc();
    // Client ids fix the order of concurrent inserts; with these a caret-blind diff gives "X AB ".
    alice.clientID = 1;
    bob.clientID = 2;
    alice.getText('t').insert(0, 'X');
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
    const type = (doc: Y.Doc, value: string, caret: number) => applyTextDiff(doc.getText('t'), value, caret);
    type(alice, 'X ', 2);
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
    type(bob, 'X  ', 2);
    type(bob, 'X B ', 3);
    type(alice, 'X A', 3);
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob));
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
    expect(alice.getText('t').toString()).toBe('X B A');
    expect(bob.getText('t').toString()).toBe('X B A');
  });
});
