import { memo, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { WEAKNESS_LABELS, type FindingCategory, type Weakness } from '@hindsight/review';
import { MoreIcon } from '../../ui/icons';
import { MenuButton } from '../../ui/MenuButton';
import { mayChangeAnonymous } from './anonymous';
import { AnonymousWords } from './AnonymousWords';
import { toggleRootCause, useFindingsBoard } from './board';
import { DragHandle, RootCauseToggle } from './ItemTools';
import { dndId } from './layout';
import { noteMenu } from './note-menu';
import { NoteEditor } from './NoteEditor';
import { NoteText } from './NoteText';
import './finding-note.css';

interface FindingNoteProps {
  id: string;
  category: FindingCategory;
  groupId: string | null;
  author: string | null;
  /** Who other than the author last reworded it (never set on an anonymous note). */
  editedBy: string | null;
  /** Published anonymously: only its author (by secret) or the facilitator can change its words. */
  anonymous: boolean;
  /** The systemic weakness it is filed under (set from the note's menu), or null. */
  weakness: Weakness | null;
  isCandidate: boolean;
}

/**
 * One sticky note. Memoised on plain props and bound to its own Y.Text, so typing in one note
 * re-renders that note only.
 */
export const FindingNote = memo(function FindingNote({
  id,
  category,
  groupId,
  author,
  editedBy,
  anonymous,
  weakness,
  isCandidate,
}: FindingNoteProps) {
  const board = useFindingsBoard();
  const { canEdit, editors } = board;
  const [rewording, setRewording] = useState(false);
  // Re-render when this browser's own findings change (e.g. one of ours was just published).
  useSyncExternalStore(board.own.subscribe, board.own.all);
  const mayChange = anonymous && canEdit && mayChangeAnonymous(board, id);
  const editingTarget = `finding:${id}`;
  const others = useSyncExternalStore(editors.subscribe, () => editors.editorsOf(editingTarget));
  const draggable = useDraggable({ id: dndId({ kind: 'note', id }), disabled: !canEdit });
  const droppable = useDroppable({ id: dndId({ kind: 'note', id }), disabled: !canEdit });
  const menuRef = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (board.takeFocus(`note:${id}`)) menuRef.current?.querySelector('button')?.focus();
  }, [board, id]);

  const labelId = `note-author-${id}`;
  return (
    <article
      ref={(element) => {
        droppable.setNodeRef(element);
        draggable.setNodeRef(element);
      }}
      className={[
        'note',
        `note--${category}`,
        draggable.isDragging ? 'note--dragging' : '',
        droppable.isOver ? 'note--drop-target' : '',
        others.length > 0 ? 'note--busy' : '',
      ].join(' ')}
      data-testid="finding"
      data-finding-id={id}
      data-category={category}
      data-group-id={groupId ?? undefined}
      aria-describedby={author ? labelId : undefined}
    >
      {others.length > 0 && (
        <p className="note__editors">
          {others.map((user) => (
            <span key={user.name + user.color} className="note__editor" style={{ ['--peer' as string]: user.color }}>
              {user.name}
            </span>
          ))}
          <span className="visually-hidden"> editing</span>
        </p>
      )}
      {anonymous ? (
        rewording ? (
          <AnonymousWords id={id} onDone={() => setRewording(false)} />
        ) : (
          <NoteText id={id} />
        )
      ) : canEdit ? (
        <NoteEditor id={id} />
      ) : (
        <NoteText id={id} />
      )}
      <footer className="note__footer">
        {anonymous ? (
          <span className="note__author note__author--none">Anonymous</span>
        ) : (
          author && (
            <span className="note__author" id={labelId}>
              <span className="visually-hidden">by </span>
              {author}
              {editedBy && (
                <span className="note__edited" data-testid="note-edited-by">
                  {' '}
                  · edited by {editedBy}
                </span>
              )}
            </span>
          )
        )}
        {weakness && (
          <span className="note__badge note__weakness" data-testid="note-weakness">
            {WEAKNESS_LABELS[weakness]}
          </span>
        )}
        {isCandidate && (!canEdit || board.candidatesFrozen) && (
          <span className="note__badge" data-testid="note-candidate-badge">
            Root-cause candidate
          </span>
        )}
        {canEdit && (
          <span className="note__tools">
            <DragHandle
              draggable={draggable}
              label="Drag note"
              title="Drag to move or group (Space to pick up with the keyboard)"
              roleDescription="draggable note"
              testId="note-drag-handle"
            />
            {!board.candidatesFrozen && (
              <RootCauseToggle
                isCandidate={isCandidate}
                label="Root-cause candidate"
                promoteTitle="Promote to root-cause candidate"
                testId="note-root-cause"
                onToggle={() => toggleRootCause(board, { kind: 'finding', id })}
              />
            )}
            <span ref={menuRef}>
              <MenuButton
                label="Note actions"
                testId="note-menu"
                entries={() =>
                  noteMenu(
                    board,
                    id,
                    category,
                    groupId,
                    anonymous ? { mayChange, reword: () => setRewording(true) } : null,
                    board.candidatesFrozen && isCandidate,
                  )
                }
              >
                <MoreIcon />
              </MenuButton>
            </span>
          </span>
        )}
      </footer>
    </article>
  );
});
