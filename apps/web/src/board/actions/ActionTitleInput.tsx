import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { actionTitleText, applyTextDiff, REVIEW_LIMITS, updateAction } from '@hindsight/review';
import { writeBoundField } from '../../collab/caret';
import { HintedField } from '../hints/HintedField';

interface ActionTitleInputProps {
  doc: Y.Doc;
  actionId: string;
  /** The title as last read from the document; also re-binds when the action's Y.Text is replaced. */
  title: string;
  id?: string;
  'aria-describedby'?: string;
}

const MAX_LENGTH = REVIEW_LIMITS.titleMaxLength;

/**
 * An action's title, bound to its Y.Text. Uncontrolled like the review title: a remote edit is
 * written into the input inside the Yjs observer together with the shifted caret, so two people
 * typing in the same title merge and neither loses their place.
 */
export function ActionTitleInput({ doc, actionId, title, id, ...rest }: ActionTitleInputProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  // Looked up per render: a peer repairing a malformed entry can replace the Y.Text, and the row
  // re-renders whenever the title it reads changes.
  const text = actionTitleText(doc, actionId);

  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    const render = (event: Y.YTextEvent | null) => {
      writeBoundField(input, text?.toString() ?? title, event);
    };
    render(null);
    if (!text) return;
    text.observe(render);
    return () => text.unobserve(render);
  }, [text, title]);

  return (
    <HintedField doc={doc} text={text} maxLength={MAX_LENGTH}>
      <input
        ref={inputRef}
        id={id}
        className="action__title-input"
        data-testid="action-title"
        defaultValue={title}
        maxLength={MAX_LENGTH}
        autoComplete="off"
        spellCheck
        placeholder="Untitled action"
        aria-label="Action title"
        {...rest}
        // Concurrent inserts can push a title past the limit; the next local edit trims it.
        onChange={(event) => {
          const next = event.currentTarget.value.slice(0, MAX_LENGTH);
          const text = actionTitleText(doc, actionId);
          // The caret tells the diff where the person typed, so two people typing at the same spot keep their words apart.
          if (text) applyTextDiff(text, next, event.currentTarget.selectionEnd ?? undefined);
          else updateAction(doc, actionId, { title: next });
        }}
      />
    </HintedField>
  );
}
