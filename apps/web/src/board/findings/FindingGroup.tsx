import { memo, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import {
  CATEGORY_LABELS,
  groupNameText,
  moveGroup,
  removeGroup,
  REVIEW_LIMITS,
  type FindingCategory,
} from '@hindsight/review';
import { clearEditing, setEditing } from '../../collab/presence';
import { MoreIcon } from '../../ui/icons';
import { MenuButton, type MenuEntry } from '../../ui/MenuButton';
import { toggleRootCause, useFindingsBoard, type FindingsBoard } from './board';
import { CATEGORIES } from './categories';
import { FindingNote } from './FindingNote';
import { DragHandle, RootCauseToggle } from './ItemTools';
import { dndId, type BoardLayout, type GroupLayout } from './layout';
import { useBoundField, useTextValue } from './use-bound-text';
import './finding-group.css';

interface FindingGroupProps {
  group: GroupLayout;
  layout: BoardLayout;
}

/** A titled cluster of related notes inside a column; notes dropped on it join it. */
export const FindingGroupCluster = memo(function FindingGroupCluster({ group, layout }: FindingGroupProps) {
  const board = useFindingsBoard();
  const { canEdit, editors } = board;
  const nameText = useMemo(() => groupNameText(board.doc, group.id), [board.doc, group.id]);
  const name = useTextValue(nameText);
  const others = useSyncExternalStore(editors.subscribe, () => editors.editorsOf(`group:${group.id}`));
  const droppable = useDroppable({ id: dndId({ kind: 'group', id: group.id }), disabled: !canEdit });
  const draggable = useDraggable({ id: dndId({ kind: 'group', id: group.id }), disabled: !canEdit });
  const isCandidate = layout.candidateIds.has(`group:${group.id}`);
  const toolsRef = useRef<HTMLSpanElement>(null);
  const headingId = `group-heading-${group.id}`;

  useEffect(() => {
    if (board.takeFocus(`group:${group.id}`)) toolsRef.current?.querySelector<HTMLElement>('.drag-handle')?.focus();
  }, [board, group.id]);

  return (
    <section
      ref={(element) => {
        droppable.setNodeRef(element);
        draggable.setNodeRef(element);
      }}
      className={[
        'group',
        droppable.isOver ? 'group--drop-target' : '',
        draggable.isDragging ? 'group--dragging' : '',
      ].join(' ')}
      data-testid="finding-group"
      data-group-id={group.id}
      data-group-name={name}
      aria-labelledby={headingId}
    >
      <header className="group__head">
        {canEdit ? (
          <GroupNameField groupId={group.id} headingId={headingId} />
        ) : (
          <h4 className="group__name group__name--read" id={headingId}>
            {name || <span className="muted">Unnamed group</span>}
          </h4>
        )}
        <div className="group__bar">
          <span className="group__count">
            {group.findingIds.length} {group.findingIds.length === 1 ? 'note' : 'notes'}
          </span>
          {canEdit && (
            <span className="group__tools" ref={toolsRef}>
              <DragHandle
                draggable={draggable}
                label="Drag group"
                title="Drag the group to another column"
                roleDescription="draggable group"
              />
              {!board.candidatesFrozen && (
                <RootCauseToggle
                  isCandidate={isCandidate}
                  label="Group is a root-cause candidate"
                  promoteTitle="Promote the group to root-cause candidate"
                  testId="group-root-cause"
                  onToggle={() => toggleRootCause(board, { kind: 'group', id: group.id })}
                />
              )}
              <MenuButton
                label="Group actions"
                testId="group-menu"
                entries={() => groupMenu(board, group.id, group.category, board.candidatesFrozen && isCandidate)}
              >
                <MoreIcon />
              </MenuButton>
            </span>
          )}
        </div>
      </header>
      {others.length > 0 && (
        <p className="note__editors">
          {others.map((user) => (
            <span key={user.name + user.color} className="note__editor" style={{ ['--peer' as string]: user.color }}>
              {user.name}
            </span>
          ))}
          <span className="visually-hidden"> editing the name</span>
        </p>
      )}
      {isCandidate && (!canEdit || board.candidatesFrozen) && (
        <span className="note__badge" data-testid="group-candidate-badge">
          Root-cause candidate
        </span>
      )}
      <div className="group__notes">
        {group.findingIds.map((findingId) => {
          const note = layout.notes.get(findingId)!;
          return (
            <FindingNote
              key={findingId}
              id={findingId}
              category={note.category}
              groupId={note.groupId}
              author={note.author}
              editedBy={note.editedBy}
              weakness={note.weakness}
              anonymous={note.anonymous}
              isCandidate={layout.candidateIds.has(`finding:${findingId}`)}
            />
          );
        })}
        {group.findingIds.length === 0 && <p className="group__empty">Drop notes here</p>}
      </div>
    </section>
  );
});

function GroupNameField({ groupId, headingId }: { groupId: string; headingId: string }) {
  const board = useFindingsBoard();
  const { doc, awareness } = board;
  const text = useMemo(() => groupNameText(doc, groupId), [doc, groupId]);
  const ref = useRef<HTMLTextAreaElement>(null);
  const onInput = useBoundField(text, ref, REVIEW_LIMITS.labelMaxLength);
  useEffect(() => {
    if (board.takeFocus(`group-name:${groupId}`)) ref.current?.focus();
  }, [board, groupId]);
  useEffect(() => () => clearEditing(awareness, `group:${groupId}`), [awareness, groupId]);
  return (
    // A one-line textarea so a long name wraps instead of hiding; Enter finishes, as in an input.
    <textarea
      ref={ref}
      id={headingId}
      rows={1}
      className="group__name"
      aria-label="Group name"
      placeholder="Name this group"
      data-testid="group-name"
      defaultValue={text?.toString() ?? ''}
      maxLength={REVIEW_LIMITS.labelMaxLength}
      autoComplete="off"
      onInput={onInput}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'Escape') {
          event.preventDefault();
          event.currentTarget.blur();
        }
      }}
      onFocus={() => setEditing(awareness, `group:${groupId}`)}
      onBlur={() => setEditing(awareness, null)}
    />
  );
}

/** `keep`: a candidate while the candidates are frozen, which cannot be ungrouped until voting is reset. */
function groupMenu(board: FindingsBoard, groupId: string, category: FindingCategory, keep: boolean): MenuEntry[] {
  const entries: MenuEntry[] = [{ kind: 'heading', label: 'Move group to' }];
  for (const target of CATEGORIES) {
    if (target === category) continue;
    entries.push({
      kind: 'item',
      label: CATEGORY_LABELS[target],
      testId: `move-group-to-${target}`,
      onSelect: () => {
        board.requestFocus(`group:${groupId}`);
        moveGroup(board.doc, groupId, target);
      },
    });
  }
  if (keep) return entries;
  entries.push({ kind: 'heading', label: 'Group' });
  entries.push({
    kind: 'item',
    label: 'Ungroup (keep the notes)',
    testId: 'ungroup',
    onSelect: () => removeGroup(board.doc, groupId),
  });
  return entries;
}
