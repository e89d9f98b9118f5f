import { useId, useState } from 'react';
import { addFinding, REVIEW_LIMITS, type FindingCategory } from '@hindsight/review';
import { localAuthorName, useFindingsBoard } from './board';
import { CATEGORY_LABELS } from './categories';

/** The "add a note" box at the top of a column: Enter adds, Shift+Enter starts a new line. */
export function QuickAdd({ category }: { category: FindingCategory }) {
  const { doc, awareness } = useFindingsBoard();
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const submit = () => {
    const text = draft.trim();
    if (text === '') return;
    addFinding(doc, { category, text: text.slice(0, REVIEW_LIMITS.textMaxLength), author: localAuthorName(awareness) });
    setDraft('');
  };
  return (
    <form
      className="quick-add"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={inputId} className="visually-hidden">
        Add a note to {CATEGORY_LABELS[category]}
      </label>
      <textarea
        id={inputId}
        className="quick-add__input"
        data-testid={`quick-add-${category}`}
        placeholder="Add a note…"
        rows={1}
        value={draft}
        maxLength={REVIEW_LIMITS.textMaxLength}
        onChange={(event) => setDraft(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" className="button button--secondary quick-add__button" disabled={draft.trim() === ''}>
        Add
      </button>
    </form>
  );
}
