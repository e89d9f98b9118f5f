import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { shiftIndex, shiftSelection, type TextDeltaOp } from './caret';

describe('shiftIndex', () => {
  it('moves the caret right by text inserted before it and ignores text after it', () => {
    expect(shiftIndex(5, [{ insert: 'abc' }])).toBe(8);
    expect(shiftIndex(5, [{ retain: 2 }, { insert: 'abc' }])).toBe(8);
    expect(shiftIndex(5, [{ retain: 6 }, { insert: 'abc' }])).toBe(5);
  });

  it('keeps a caret before a remote insert at its own position unless told to stick to the end', () => {
    expect(shiftIndex(5, [{ retain: 5 }, { insert: 'abc' }])).toBe(5);
    expect(shiftIndex(5, [{ retain: 5 }, { insert: 'abc' }], true)).toBe(8);
  });

  it('moves the caret left by deleted text before it, but not past the deletion start', () => {
    expect(shiftIndex(5, [{ delete: 2 }])).toBe(3);
    expect(shiftIndex(5, [{ retain: 3 }, { delete: 10 }])).toBe(3);
    expect(shiftIndex(5, [{ retain: 5 }, { delete: 3 }])).toBe(5);
  });

  it('handles several operations in one change', () => {
    // "hello world", caret after "world" (11): delete "hello", insert "bye" → "bye world"
    expect(shiftIndex(11, [{ delete: 5 }, { insert: 'bye' }])).toBe(9);
    // insert at 0, retain 3, delete 2, caret at 4 → inside the deletion: lands at its start
    expect(shiftIndex(4, [{ insert: 'xx' }, { retain: 3 }, { delete: 2 }])).toBe(5);
  });
});

describe('shiftSelection', () => {
  it('keeps a remote insert at either edge outside a range selection', () => {
    expect(shiftSelection({ start: 2, end: 4 }, [{ retain: 2 }, { insert: 'ab' }])).toEqual({ start: 4, end: 6 });
    expect(shiftSelection({ start: 2, end: 4 }, [{ retain: 4 }, { insert: 'ab' }])).toEqual({ start: 2, end: 4 });
  });

  it('keeps the caret on the same character for real Yjs deltas', () => {
    const local = new Y.Doc();
    const remote = new Y.Doc();
    local.getText('t').insert(0, 'Database failover');
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(local));
    // local caret sits right before "failover"
    const caret = { start: 9, end: 9 };
    let delta: TextDeltaOp[] = [];
    local.getText('t').observe((event) => {
      delta = event.delta as TextDeltaOp[];
    });
    remote.getText('t').insert(0, 'Primary ');
    Y.applyUpdate(local, Y.encodeStateAsUpdate(remote));
    const moved = shiftSelection(caret, delta);
    expect(local.getText('t').toString().slice(moved.start)).toBe('failover');
  });
});
