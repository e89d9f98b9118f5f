import { memo, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import {
  findingText,
  groupNameText,
  REVIEW_LIMITS,
  removeFinding,
  setFindingGroup,
  addFindingToGroup,
  type FindingCategory,
} from '@hindsight/review';
import { setEditing } from '../../collab/presence';
import type { Awareness } from 'y-protocols/awareness';
import { moveNote, startGroup, toggleRootCause, useFindingsBoard, type FindingsBoard } from './board';
import { CATEGORIES, CATEGORY_LABELS } from './categories';
import { GripIcon, MoreIcon, TargetIcon } from './icons';
import { dndId } from './layout';
import { MenuButton, type MenuEntry } from './MenuButton';
import { useBoundField, useTextValue } from './use-bound-text';

interface FindingNoteProps {
  id: string;
  category: FindingCategory;
  groupId: string | null;
  author: string | null;
  isCandidate: boolean;
}

/**
 * One sticky note. Memoised on plain props and bound to its own Y.Text, so typing in one note
 * re-renders that note only.
 */
export const FindingNote = memo(function FindingNote({ id, category, groupId, author, isCandidate }: FindingNoteProps) {
  const board = useFindingsBoard();
  const { canEdit, editors } = board;
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
      {canEdit ? <NoteEditor id={id} /> : <NoteText id={id} />}
      <footer className="note__footer">
        {author ? (
          <span className="note__author" id={labelId}>
            <span className="visually-hidden">by </span>
            {author}
          </span>
        ) : (
          <span className="note__author note__author--none">Anonymous</span>
        )}
        {isCandidate && !canEdit && <span className="note__badge">Root-cause candidate</span>}
        {canEdit && (
          <span className="note__tools">
            <button
              type="button"
              className="icon-button drag-handle"
              aria-label="Drag note"
              title="Drag to move or group (Space to pick up with the keyboard)"
              ref={draggable.setActivatorNodeRef}
              data-testid="note-drag-handle"
              {...draggable.attributes}
              aria-roledescription="draggable note"
              {...draggable.listeners}
            >
              <GripIcon />
            </button>
            <button
              type="button"
              className={isCandidate ? 'icon-button rc-toggle rc-toggle--on' : 'icon-button rc-toggle'}
              aria-pressed={isCandidate}
              aria-label="Root-cause candidate"
              title={isCandidate ? 'Root-cause candidate: click to demote' : 'Promote to root-cause candidate'}
              data-testid="note-root-cause"
              onClick={() => toggleRootCause(board, { kind: 'finding', id })}
            >
              <TargetIcon />
            </button>
            <span ref={menuRef}>
              <MenuButton
                label="Note actions"
                testId="note-menu"
                entries={() => noteMenu(board, id, category, groupId)}
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

function noteMenu(board: FindingsBoard, id: string, category: FindingCategory, groupId: string | null): MenuEntry[] {
  const { doc, layout } = board;
  const entries: MenuEntry[] = [{ kind: 'heading', label: 'Move to' }];
  for (const target of CATEGORIES) {
    if (target === category && groupId === null) continue;
    entries.push({
      kind: 'item',
      label: target === category ? `${CATEGORY_LABELS[target]} (out of group)` : CATEGORY_LABELS[target],
      testId: `move-to-${target}`,
      onSelect: () => moveNote(board, id, target),
    });
  }
  entries.push({ kind: 'heading', label: 'Group' });
  if (groupId !== null) {
    entries.push({
      kind: 'item',
      label: 'Remove from group',
      testId: 'leave-group',
      onSelect: () => {
        board.requestFocus(`note:${id}`);
        setFindingGroup(doc, id, null);
      },
    });
  } else {
    entries.push({
      kind: 'item',
      label: 'Start a group with this note',
      testId: 'start-group',
      onSelect: () => startGroup(board, [id]),
    });
  }
  for (const group of layout.current.columns[category].groups) {
    if (group.id === groupId) continue;
    entries.push({
      kind: 'item',
      label: `Add to “${groupLabel(board, group.id)}”`,
      testId: 'join-group',
      onSelect: () => {
        board.requestFocus(`note:${id}`);
        addFindingToGroup(doc, id, group.id);
      },
    });
  }
  entries.push({ kind: 'heading', label: 'Note' });
  entries.push({
    kind: 'item',
    label: 'Delete note',
    tone: 'danger',
    testId: 'delete-note',
    // No confirmation: Undo brings it back.
    onSelect: () => removeFinding(doc, id),
  });
  return entries;
}

function groupLabel(board: FindingsBoard, groupId: string): string {
  return groupNameText(board.doc, groupId)?.toString().trim() || 'Unnamed group';
}

/** A viewer's read-only note text. */
function NoteText({ id }: { id: string }) {
  const { doc } = useFindingsBoard();
  const value = useTextValue(useMemo(() => findingText(doc, id), [doc, id]));
  return <p className="note__text note__text--read">{value}</p>;
}

/** The note's text, bound to its Y.Text; focus marks it as being edited in presence. */
function NoteEditor({ id }: { id: string }) {
  const { doc, awareness } = useFindingsBoard();
  const text = useMemo(() => findingText(doc, id), [doc, id]);
  const ref = useRef<HTMLTextAreaElement>(null);
  const onInput = useBoundField(text, ref, REVIEW_LIMITS.textMaxLength);
  // A note moved to another column remounts without a blur: do not leave a stale "editing" marker.
  useEffect(() => () => clearEditing(awareness, `finding:${id}`), [awareness, id]);
  return (
    <textarea
      ref={ref}
      className="note__text"
      aria-label="Note text"
      data-testid="note-text"
      defaultValue={text?.toString() ?? ''}
      maxLength={REVIEW_LIMITS.textMaxLength}
      rows={2}
      spellCheck
      onInput={onInput}
      onFocus={() => setEditing(awareness, `finding:${id}`)}
      onBlur={() => setEditing(awareness, null)}
    />
  );
}

function clearEditing(awareness: Awareness, target: string): void {
  if ((awareness.getLocalState() as { editing?: unknown } | null)?.editing === target) setEditing(awareness, null);
}
