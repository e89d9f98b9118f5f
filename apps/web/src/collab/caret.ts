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
 * outside it; a caret stays before a remote insert at its position (it belongs to the character on
 * its left), so two people typing at one spot each keep typing their own word. (Following the
 * insert instead, tried for carets at the end of the text, interleaved two appenders letter by
 * letter.)
 */
export function shiftSelection(selection: Selection, delta: readonly TextDeltaOp[]): Selection {
  if (selection.start === selection.end) {
    const caret = shiftIndex(selection.start, delta);
    return { start: caret, end: caret };
  }
  return { start: shiftIndex(selection.start, delta, true), end: shiftIndex(selection.end, delta) };
}

/**
 * Writes a bound Y.Text's new value into its field, keeping the caret where the person was: after a
 * remote change it is shifted past what arrived before it; after a local one it stays put.
 */
export function writeBoundField(
  field: HTMLInputElement | HTMLTextAreaElement,
  value: string,
  event: { transaction: { local: boolean }; delta: unknown } | null,
): void {
  if (field.value === value) return;
  const hadFocus = document.activeElement === field;
  const before = { start: field.selectionStart ?? 0, end: field.selectionEnd ?? 0 };
  const direction = field.selectionDirection ?? 'none';
  field.value = value;
  if (!hadFocus) return;
  const after = event && !event.transaction.local ? shiftSelection(before, event.delta as TextDeltaOp[]) : before;
  field.setSelectionRange(Math.min(after.start, value.length), Math.min(after.end, value.length), direction);
}
