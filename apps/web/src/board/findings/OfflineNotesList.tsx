import { useSyncExternalStore } from 'react';
import type { FindingCategory } from '@hindsight/review';
import { useFindingsBoard } from './board';
import type { OfflineNote } from './offline-notes';

/**
 * This browser's notes written while out of sync, shown only here until they are published: with
 * the writer's name (they were written named), never as "Anonymous".
 */
export function OfflineNotesList({ category }: { category: FindingCategory }) {
  const board = useFindingsBoard();
  const waiting = useSyncExternalStore(board.offline.subscribe, board.offline.all).filter(
    (note) => note.category === category,
  );
  if (waiting.length === 0) return null;
  return (
    <ul className="held-notes" aria-label="Your notes waiting for the connection">
      {waiting.map((note) => (
        <WaitingNote key={note.key} note={note} />
      ))}
    </ul>
  );
}

function WaitingNote({ note }: { note: OfflineNote }) {
  const board = useFindingsBoard();
  return (
    <li className="held-note" data-testid="offline-note">
      <p className="held-note__status">Not sent yet · added when back in sync</p>
      <p className="held-note__text note__text">{note.text}</p>
      <p className="held-note__tools">
        {note.author && (
          <span className="note__author">
            <span className="visually-hidden">by </span>
            {note.author}
          </span>
        )}
        <button
          type="button"
          className="link-button link-button--danger"
          onClick={() => board.offline.remove(note.key)}
        >
          Discard
        </button>
      </p>
    </li>
  );
}
