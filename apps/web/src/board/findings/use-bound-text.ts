import { useEffect, useState, type RefObject } from 'react';
import type * as Y from 'yjs';
import { applyTextDiff } from '@hindsight/review';
import { shiftSelection, type TextDeltaOp } from '../../collab/caret';

type TextField = HTMLInputElement | HTMLTextAreaElement;

/**
 * Binds an uncontrolled <input> or <textarea> to a Y.Text. A remote edit is written into the field
 * synchronously inside the Yjs observer together with the shifted caret, so concurrent typing in the
 * same note merges and nobody's caret jumps. Returns `onInput` for the field.
 */
export function useBoundField(text: Y.Text | undefined, ref: RefObject<TextField | null>, maxLength: number) {
  useEffect(() => {
    const field = ref.current;
    if (!text || !field) return;
    const initial = text.toString();
    if (field.value !== initial) field.value = initial;
    const onChange = (event: Y.YTextEvent) => {
      const input = ref.current;
      if (!input) return;
      const value = text.toString();
      if (input.value === value) return;
      const hadFocus = document.activeElement === input;
      const before = { start: input.selectionStart ?? 0, end: input.selectionEnd ?? 0 };
      const direction = input.selectionDirection ?? 'none';
      input.value = value;
      if (!hadFocus) return;
      const after = event.transaction.local ? before : shiftSelection(before, event.delta as TextDeltaOp[]);
      input.setSelectionRange(Math.min(after.start, value.length), Math.min(after.end, value.length), direction);
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text, ref]);

  return (event: { currentTarget: TextField }) => {
    // Concurrent inserts can push the shared text past the limit; the next local edit trims it.
    if (text) applyTextDiff(text, event.currentTarget.value.slice(0, maxLength));
  };
}

/** The current string of a Y.Text, re-rendering on change (for read-only display). */
export function useTextValue(text: Y.Text | undefined): string {
  const [value, setValue] = useState(() => text?.toString() ?? '');
  useEffect(() => {
    if (!text) {
      setValue('');
      return;
    }
    const update = () => setValue(text.toString());
    update();
    text.observe(update);
    return () => text.unobserve(update);
  }, [text]);
  return value;
}
