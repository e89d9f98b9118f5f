import { useId, useState } from 'react';
import {
  addFinding,
  CATEGORY_LABELS,
  REVIEW_LIMITS,
  type AnonymityPolicy,
  type FindingCategory,
} from '@hindsight/review';
import { ApiError } from '../../app/api';
import { loadIdentity } from '../../collab/identity';
import { postAnonymously } from './anonymous';
import { localAuthorName, useFindingsBoard } from './board';
import { FieldWithHints } from '../hints/HintedField';
import { LengthHint, usePasteCut } from './text-limit';

/**
 * The "add a note" box at the top of a column: Enter adds, Shift+Enter starts a new line. Under
 * the anonymous policy every note goes to the server to be published anonymously; under the
 * optional one the writer ticks "Anonymous" for the notes they want that way. A named note written
 * out of sync waits in this browser until the document is back in sync.
 */
export function QuickAdd({ category, policy }: { category: FindingCategory; policy: AnonymityPolicy }) {
  const board = useFindingsBoard();
  const [draft, setDraft] = useState('');
  const [chosen, setChosen] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const paste = usePasteCut(REVIEW_LIMITS.textMaxLength);
  const anonymous = policy === 'anonymous' || (policy === 'optional' && chosen);

  const submit = () => {
    const text = draft.trim().slice(0, REVIEW_LIMITS.textMaxLength);
    if (text === '' || sending) return;
    if (!anonymous) {
      if (board.isSynced()) {
        addFinding(board.doc, { category, text, author: localAuthorName(board.awareness) });
      } else {
        // Out of sync the policy may have changed unseen: the note waits outside the document
        // (see offline-notes.ts), with the name this person chose, and is published once in sync.
        const author = localAuthorName(board.awareness) ?? loadIdentity().name ?? undefined;
        board.offline.add({ category, text, ...(author ? { author } : {}), writtenAt: new Date().toISOString() });
      }
      setDraft('');
      paste.clear();
      return;
    }
    setSending(true);
    setError(null);
    postAnonymously(board, category, text).then(
      () => {
        setSending(false);
        setDraft('');
        paste.clear();
      },
      (failure: unknown) => {
        setSending(false);
        // The draft stays, so nothing typed is lost.
        setError(failure instanceof ApiError ? failure.message : 'Could not send the note. Try again.');
      },
    );
  };

  return (
    <form
      className={anonymous ? 'quick-add quick-add--anonymous' : 'quick-add'}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <FieldWithHints value={draft} onApply={(next) => setDraft(next.slice(0, REVIEW_LIMITS.textMaxLength))}>
        <div className="quick-add__row">
          <label htmlFor={inputId} className="visually-hidden">
            Add {anonymous ? 'an anonymous' : 'a'} note to {CATEGORY_LABELS[category]}
          </label>
          <textarea
            id={inputId}
            className="quick-add__input"
            data-testid={`quick-add-${category}`}
            placeholder={anonymous ? 'Add an anonymous note…' : 'Add a note…'}
            rows={1}
            value={draft}
            maxLength={REVIEW_LIMITS.textMaxLength}
            aria-describedby={`${inputId}-length`}
            onPaste={paste.onPaste}
            onChange={(event) => {
              paste.clear();
              setDraft(event.currentTarget.value);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              }
            }}
          />
          <button
            type="submit"
            className="button button--secondary quick-add__button"
            disabled={draft.trim() === '' || sending}
          >
            {sending ? 'Sending…' : 'Add'}
          </button>
        </div>
      </FieldWithHints>
      <LengthHint id={`${inputId}-length`} length={draft.length} limit={REVIEW_LIMITS.textMaxLength} cut={paste.cut} />
      {policy === 'optional' && (
        <label className="quick-add__anonymous">
          <input
            type="checkbox"
            checked={chosen}
            data-testid={`quick-add-anonymous-${category}`}
            onChange={(event) => setChosen(event.currentTarget.checked)}
          />
          Post anonymously
        </label>
      )}
      {error && (
        <p className="quick-add__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
