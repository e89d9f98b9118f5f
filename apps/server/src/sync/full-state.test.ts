import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { FullState } from './full-state';

const EMPTY = Y.encodeStateVector(new Y.Doc());

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

/** What a client with nothing ends up with after applying `update`. */
function textFrom(update: Uint8Array): string {
  const client = new Y.Doc();
  Y.applyUpdate(client, update);
  return client.getText('t').toString();
}

describe('FullState', () => {
  it('answers a client with nothing from the loaded snapshot, byte for byte, until the document changes', () => {
    const snapshot = Y.encodeStateAsUpdate(docWithText('hello'));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, snapshot);
    const state = new FullState(doc, snapshot);
    expect(state.since(EMPTY)).toBe(snapshot);
    doc.getText('t').insert(5, ' world');
    expect(textFrom(state.since(EMPTY))).toBe('hello world');
  });

  it('reuses one encoding for many clients with nothing', () => {
    const state = new FullState(docWithText('abc'), null);
    expect(state.since(EMPTY)).toBe(state.since(EMPTY));
  });

  it('forgets the encoding on a deletion, which leaves the state vector as it was', () => {
    const doc = docWithText('keep this, drop this');
    const state = new FullState(doc, null);
    expect(textFrom(state.since(EMPTY))).toBe('keep this, drop this');
    const vector = Y.encodeStateVector(doc);
    doc.getText('t').delete(9, 11);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    expect(textFrom(state.since(EMPTY))).toBe('keep this');
  });

  it('answers a client that has part of the document with only what it lacks', () => {
    const doc = docWithText('first');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    doc.getText('t').insert(5, ' second');
    const state = new FullState(doc, null);
    const lacked = state.since(Y.encodeStateVector(client));
    expect(lacked.byteLength).toBeLessThan(Y.encodeStateAsUpdate(doc).byteLength);
    Y.applyUpdate(client, lacked);
    expect(client.getText('t').toString()).toBe('first second');
  });
});
