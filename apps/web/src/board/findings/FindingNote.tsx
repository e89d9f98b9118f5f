import { memo, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import {
  addFindingToGroup,
  CATEGORY_LABELS,
  findingText,
  groupNameText,
  removeFinding,
  REVIEW_LIMITS,
  setFindingGroup,
  type FindingCategory,
} from '@hindsight/review';
import { setEditing } from '../../collab/presence';
import type { Awareness } from 'y-protocols/awareness';
import { ApiError } from '../../app/api';
import { MoreIcon } from '../../ui/icons';
import { MenuButton, type MenuEntry } from '../../ui/MenuButton';
import { deleteAnonymously, editAnonymously, mayChangeAnonymous } from './anonymous';
import { moveNote, noteRewordedByMe, startGroup, toggleRootCause, useFindingsBoard, type FindingsBoard } from './board';
import { CATEGORIES } from './categories';
import { DragHandle, RootCauseToggle } from './ItemTools';
import { dndId } from './layout';
import { LengthHint, usePasteCut } from './text-limit';
import { useBoundField, useTextValue } from './use-bound-text';
import { useCollapse } from './use-collapse';
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

/** For an anonymous note: whether this browser may change its words, and how to start. */
interface AnonymousMenu {
  mayChange: boolean;
  reword: () => void;
}

function noteMenu(
  board: FindingsBoard,
  id: string,
  category: FindingCategory,
  groupId: string | null,
  anonymous: AnonymousMenu | null,
  /** A candidate while the candidates are frozen: it cannot be deleted until voting is reset. */
  keep: boolean,
): MenuEntry[] {
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
  if (anonymous) {
    // Anyone may move or group an anonymous note; only its author or the facilitator may reword or delete it.
    if (!anonymous.mayChange) return entries;
    entries.push({ kind: 'heading', label: 'Anonymous note' });
    entries.push({ kind: 'item', label: 'Edit text', testId: 'edit-anonymous', onSelect: anonymous.reword });
    if (keep) return entries;
    entries.push({
      kind: 'item',
      label: 'Delete note',
      tone: 'danger',
      testId: 'delete-note',
      // Not undoable (the server removes it), so ask first.
      onSelect: () => {
        if (window.confirm('Delete this anonymous note for everyone? This cannot be undone.')) {
          deleteAnonymously(board, id).catch((failure: unknown) =>
            window.alert(failure instanceof ApiError ? failure.message : 'Could not delete the note.'),
          );
        }
      },
    });
    return entries;
  }
  if (keep) return entries;
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

/** A viewer's read-only note text, collapsed to a few lines when long. */
function NoteText({ id }: { id: string }) {
  const { doc } = useFindingsBoard();
  const value = useTextValue(useMemo(() => findingText(doc, id), [doc, id]));
  const ref = useRef<HTMLParagraphElement>(null);
  const collapse = useCollapse(ref, value);
  const collapsed = collapse.long && !collapse.expanded;
  return (
    <>
      <p
        ref={ref}
        id={`note-text-${id}`}
        className={collapsed ? 'note__text note__text--read note__text--collapsed' : 'note__text note__text--read'}
      >
        {value}
      </p>
      {collapse.long && (
        <MoreToggle expanded={collapse.expanded} controls={`note-text-${id}`} onToggle={collapse.toggle} />
      )}
    </>
  );
}

/** "more" under a collapsed note, "less" under an expanded one. */
function MoreToggle({ expanded, controls, onToggle }: { expanded: boolean; controls: string; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="link-button note__more"
      aria-expanded={expanded}
      aria-controls={controls}
      data-testid="note-more"
      onClick={onToggle}
    >
      {expanded ? 'less' : 'more'}
    </button>
  );
}

/**
 * Rewording an anonymous note: a local draft sent to the server on Save. Deliberately no presence
 * marker and no document write from here, so nothing ties the change to this person.
 */
function AnonymousWords({ id, onDone }: { id: string; onDone: () => void }) {
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
      <LengthHint length={draft.length} limit={REVIEW_LIMITS.textMaxLength} cut={paste.cut} />
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

/** The note's text, bound to its Y.Text; focus marks it as being edited in presence. */
function NoteEditor({ id }: { id: string }) {
  const board = useFindingsBoard();
  const { doc, awareness } = board;
  const text = useMemo(() => findingText(doc, id), [doc, id]);
  const ref = useRef<HTMLTextAreaElement>(null);
  const bound = useBoundField(text, ref, REVIEW_LIMITS.textMaxLength);
  // The words and who changed them in one transaction (the model ignores the author's own edits).
  const onInput = (event: { currentTarget: HTMLTextAreaElement }) =>
    doc.transact(() => {
      bound(event);
      noteRewordedByMe(board, id);
    });
  const value = useTextValue(text);
  const paste = usePasteCut(REVIEW_LIMITS.textMaxLength);
  const collapse = useCollapse(ref, value);
  const [focused, setFocused] = useState(false);
  // While someone writes in it, a long note shows all of its text.
  const collapsed = collapse.long && !collapse.expanded && !focused;
  // A note moved to another column remounts without a blur: do not leave a stale "editing" marker.
  useEffect(() => () => clearEditing(awareness, `finding:${id}`), [awareness, id]);
  return (
    <>
      <textarea
        ref={ref}
        id={`note-text-${id}`}
        className={collapsed ? 'note__text note__text--collapsed' : 'note__text'}
        aria-label="Note text"
        aria-describedby={`note-length-${id}`}
        data-testid="note-text"
        defaultValue={text?.toString() ?? ''}
        maxLength={REVIEW_LIMITS.textMaxLength}
        rows={2}
        spellCheck
        onPaste={paste.onPaste}
        onInput={(event) => {
          paste.clear();
          onInput(event);
        }}
        onFocus={() => {
          setFocused(true);
          setEditing(awareness, `finding:${id}`);
        }}
        onBlur={() => {
          setFocused(false);
          setEditing(awareness, null);
        }}
      />
      {collapse.long && !focused && (
        <MoreToggle expanded={collapse.expanded} controls={`note-text-${id}`} onToggle={collapse.toggle} />
      )}
      {(focused || paste.cut) && (
        <LengthHint
          id={`note-length-${id}`}
          length={value.length}
          limit={REVIEW_LIMITS.textMaxLength}
          cut={paste.cut}
        />
      )}
    </>
  );
}

function clearEditing(awareness: Awareness, target: string): void {
  if ((awareness.getLocalState() as { editing?: unknown } | null)?.editing === target) setEditing(awareness, null);
}
