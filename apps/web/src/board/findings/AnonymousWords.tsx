import { useMemo, useState } from 'react';
import { findingText, REVIEW_LIMITS } from '@hindsight/review';
import { ApiError } from '../../app/api';
import { FieldWithHints } from '../hints/HintedField';
import { editAnonymously } from './anonymous';
import { useFindingsBoard } from './board';
import { LengthHint, usePasteCut } from './text-limit';
import { useTextValue } from './use-bound-text';

/**
 * Rewording an anonymous note: a local draft sent to the server on Save. Deliberately no presence
 * marker and no document write from here, so nothing ties the change to this person.
 */
export function AnonymousWords({ id, onDone }: { id: string; onDone: () => void }) {
  const board = useFindingsBoard();
  const current = useTextValue(useMemo(() => findingText(board.doc, id), [board.doc, id]));
  const [draft, setDraft] = useState(current);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const paste = usePasteCut(REVIEW_LIMITS.textMaxLength);
  const save = () => {
    setBusy(true);
    setError(null);
    editAnonymously(board, id, draft.trim()).then(onDone, (failure: unknown) => {
      setBusy(false);
      setError(failure instanceof ApiError ? failure.message : 'Could not save. Try again.');
    });
  };
  return (
    <>
      <FieldWithHints value={draft} onApply={(next) => setDraft(next.slice(0, REVIEW_LIMITS.textMaxLength))}>
        <textarea
          className="note__text"
          aria-label="Edit the anonymous note"
          data-testid="anonymous-note-text"
          value={draft}
          maxLength={REVIEW_LIMITS.textMaxLength}
          rows={2}
          autoFocus
          onPaste={paste.onPaste}
          onChange={(event) => {
            paste.clear();
            setDraft(event.currentTarget.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone();
          }}
        />
      </FieldWithHints>
      <LengthHint length={draft.length} limit={REVIEW_LIMITS.textMaxLength} cut={paste.cut} />
      {board.own.find(id) && (
        // The server holds the author's change for a random delay, so it cannot be timed to them.
        <p className="note__delay-hint" data-testid="reword-delay-hint">
          Others see your change within a minute and a half, at a random moment.
        </p>
      )}
      <p className="note__words-tools">
        <button type="button" className="link-button" disabled={busy || draft.trim() === ''} onClick={save}>
          Save
        </button>
        <button type="button" className="link-button" disabled={busy} onClick={onDone}>
          Cancel
        </button>
      </p>
      {error && (
        <p className="quick-add__error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
