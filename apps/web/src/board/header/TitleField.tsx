import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { observeReview, REVIEW_LIMITS, setTitle, titleText } from '@hindsight/review';
import { writeBoundField } from '../../collab/caret';
import './title-field.css';

interface TitleFieldProps {
  doc: Y.Doc;
  /** False for viewers: the title is shown as plain text. */
  editable: boolean;
  /** False when the connection ended for good: the input stays visible but locked. */
  enabled: boolean;
}

const MAX_LENGTH = REVIEW_LIMITS.titleMaxLength;

/**
 * The review title, edited together: one paragraph that wraps (a phone shows all of it) and takes
 * no line breaks. The <textarea> is uncontrolled on purpose: a remote edit is
 * written into it synchronously inside the Yjs observer, together with the shifted caret, so no
 * keystroke can land between "value replaced" and "caret restored" as it could with a React
 * state round-trip.
 */
export function TitleField({ doc, editable, enabled }: TitleFieldProps) {
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [title, setTitleState] = useState(() => titleText(doc).toString());

  useEffect(() => {
    let bound: Y.Text | null = null;
    const render = (event: Y.YTextEvent | null) => {
      const value = bound?.toString() ?? '';
      setTitleState(value);
      const input = inputRef.current;
      if (input) writeBoundField(input, value, event);
    };
    // The title's Y.Text can be replaced as a whole (a peer repairing or re-creating it), so follow
    // whichever one the document holds after each change.
    const bind = () => {
      const current = titleText(doc);
      if (current === bound) return;
      bound?.unobserve(render);
      bound = current;
      bound.observe(render);
      render(null);
    };
    bind();
    const stopObserving = observeReview(doc, bind);
    return () => {
      stopObserving();
      bound?.unobserve(render);
    };
  }, [doc]);

  if (!editable) {
    return (
      <h1 className="review-title" data-testid="review-title">
        {title || <span className="muted">Untitled review</span>}
      </h1>
    );
  }
  return (
    <div className="title-field">
      <label htmlFor="review-title-input" className="field-label">
        Review title
      </label>
      <textarea
        id="review-title-input"
        ref={inputRef}
        className="title-input"
        data-testid="review-title-input"
        rows={1}
        defaultValue={title}
        maxLength={MAX_LENGTH}
        disabled={!enabled}
        autoComplete="off"
        spellCheck
        placeholder="Untitled review"
        // Concurrent inserts can push the shared title past the limit; the next local edit trims it.
        // The caret tells the diff where the person typed, so two people typing at the same spot keep their words apart.
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.preventDefault();
        }}
        onChange={(event) => {
          const field = event.currentTarget;
          // A pasted line break becomes a space: a title is one line wherever it is shown.
          if (/[\r\n]/.test(field.value)) {
            const caret = field.selectionEnd;
            field.value = field.value.replace(/\r\n?|\n/g, ' ');
            field.setSelectionRange(caret, caret);
          }
          setTitle(doc, field.value.slice(0, MAX_LENGTH), field.selectionEnd ?? undefined);
        }}
      />
    </div>
  );
}
