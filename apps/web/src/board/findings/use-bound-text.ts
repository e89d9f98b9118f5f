import { useEffect, useState, type RefObject } from 'react';
import type * as Y from 'yjs';
import { applyTextDiff } from '@hindsight/review';
import { writeBoundField } from '../../collab/caret';

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
      writeBoundField(input, text.toString(), event);
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text, ref]);

  return (event: { currentTarget: TextField }) => {
    // Concurrent inserts can push the shared text past the limit; the next local edit trims it.
    // The caret tells the diff where the person typed (see textDiff): it keeps words apart when two
    // people type at the same spot.
    if (text)
      applyTextDiff(text, event.currentTarget.value.slice(0, maxLength), event.currentTarget.selectionEnd ?? undefined);
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
