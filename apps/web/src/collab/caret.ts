/** One step of a Y.Text change as Yjs reports it (`event.delta`). */
export interface TextDeltaOp {
  insert?: string | object;
  retain?: number;
  delete?: number;
}

/**
 * Moves an index in a text across a remote change. Text inserted before the index pushes it
 * right; deleted text before it pulls it left (never past the start of the deletion). Text
 * inserted exactly at the index pushes it only when `stickToEnd` is true: a caret stays before
 * a remote insert at its own position, so the local typist keeps typing their own word.
 */
export function shiftIndex(index: number, delta: readonly TextDeltaOp[], stickToEnd = false): number {
  let cursor = 0; // position in the old text, walking the delta
  let shifted = index;
  for (const op of delta) {
    if (cursor > index || (cursor === index && !stickToEnd && op.insert !== undefined)) break;
    if (op.retain !== undefined) {
      cursor += op.retain;
    } else if (op.insert !== undefined) {
      shifted += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      shifted -= Math.min(op.delete, index - cursor);
      cursor += op.delete;
    }
  }
  return shifted;
}

/** A text selection (`start === end` for a plain caret). */
export interface Selection {
  start: number;
  end: number;
}

/**
 * Maps a selection across a remote change. A remote insert at the edge of a selection stays
 * outside it; a caret stays before a remote insert at its position.
 */
export function shiftSelection(selection: Selection, delta: readonly TextDeltaOp[]): Selection {
  if (selection.start === selection.end) {
    const caret = shiftIndex(selection.start, delta);
    return { start: caret, end: caret };
  }
  return { start: shiftIndex(selection.start, delta, true), end: shiftIndex(selection.end, delta) };
}
