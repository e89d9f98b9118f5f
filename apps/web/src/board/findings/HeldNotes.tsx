import { useState, useSyncExternalStore } from 'react';
import { REVIEW_LIMITS, type FindingCategory } from '@hindsight/review';
import { ApiError } from '../../app/api';
import { deleteAnonymously, editAnonymously } from './anonymous';
import { useFindingsBoard } from './board';
import type { OwnFinding } from './own-findings';

/**
 * This browser's own anonymous notes that the server still holds, shown only here (nobody else
 * knows they exist until the facilitator reveals them), with their words kept in this browser.
 */
export function HeldNotes({ category }: { category: FindingCategory }) {
  const board = useFindingsBoard();
  const own = useSyncExternalStore(board.own.subscribe, board.own.all);
  const held = own.filter((item) => !item.published && item.category === category);
  if (held.length === 0) return null;
  return (
    <ul className="held-notes" aria-label="Your anonymous notes waiting to be revealed">
      {held.map((item) => (
        <HeldNote key={item.id} item={item} />
      ))}
    </ul>
  );
}

function HeldNote({ item }: { item: OwnFinding }) {
  const board = useFindingsBoard();
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (task: Promise<void>, after?: () => void) => {
    setBusy(true);
    setError(null);
    task.then(
      () => {
        setBusy(false);
        after?.();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof ApiError ? failure.message : 'That did not work. Try again.');
      },
    );
  };
  return (
    <li className="held-note" data-testid="held-note">
      <p className="held-note__status">Waiting for the reveal · only you see this</p>
      {editing === null ? (
        <p className="held-note__text">{item.text}</p>
      ) : (
        <textarea
          className="note__text"
          aria-label="Edit your anonymous note"
          value={editing}
          maxLength={REVIEW_LIMITS.textMaxLength}
          rows={2}
          onChange={(event) => setEditing(event.currentTarget.value)}
        />
      )}
      <p className="held-note__tools">
        {editing === null ? (
          <>
            <button type="button" className="link-button" disabled={busy} onClick={() => setEditing(item.text)}>
              Edit
            </button>
            <button
              type="button"
              className="link-button link-button--danger"
              disabled={busy}
              onClick={() => run(deleteAnonymously(board, item.id))}
            >
              Withdraw
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="link-button"
              disabled={busy || editing.trim() === ''}
              onClick={() => run(editAnonymously(board, item.id, editing.trim()), () => setEditing(null))}
            >
              Save
            </button>
            <button type="button" className="link-button" disabled={busy} onClick={() => setEditing(null)}>
              Cancel
            </button>
          </>
        )}
      </p>
      {error && (
        <p className="quick-add__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
