import { memo, useEffect, useMemo, useRef, useState } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardCode,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import {
  CATEGORY_LABELS,
  findingText,
  groupNameText,
  rootCausesFrozen,
  type AnonymityPolicy,
  type FindingCategory,
} from '@hindsight/review';
import { useControl } from '../use-control';
import type { SectionProps } from '../section';
import { applyDrop, FindingsBoardContext, useFindingsBoard, useFindingsLayout, type FindingsBoard } from './board';
import { CATEGORIES, CATEGORY_PROMPTS } from './categories';
import { EditorsStore } from './editors-store';
import { FindingGroupCluster } from './FindingGroup';
import { FindingNote } from './FindingNote';
import {
  contains,
  dndId,
  nextKeyboardPoint,
  parseDndId,
  resolveDrop,
  type BoardLayout,
  type ColumnLayout,
  type Direction,
} from './layout';
import { HeldNotes } from './HeldNotes';
import { OfflineNotes } from './offline-notes';
import { OfflineNotesList } from './OfflineNotesList';
import { OwnFindings } from './own-findings';
import { publishOfflineNotes } from './publish-offline';
import { QuickAdd } from './QuickAdd';
import './findings.css';

/** Findings: sticky notes in four columns, grouped, moved and promoted together. */
export function FindingsSection({ doc, provider, canEdit, session }: SectionProps) {
  const layout = useFindingsLayout(doc);
  const { anonymity, voting } = useControl(doc);
  const candidatesFrozen = rootCausesFrozen(voting);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const board = useMemo<FindingsBoard>(() => {
    const pending = new Set<string>();
    return {
      doc,
      awareness: provider.awareness,
      canEdit,
      candidatesFrozen,
      editors: new EditorsStore(provider.awareness),
      session,
      own: new OwnFindings(session.reviewId),
      offline: new OfflineNotes(session.reviewId),
      isSynced: () => provider.synced,
      rewordedOffline: new Set(),
      layout: layoutRef,
      requestFocus: (key) => pending.add(key),
      takeFocus: (key) => pending.delete(key),
    };
    // Deliberately not every dependency: the session changes only with the review.
  }, [doc, provider, canEdit, candidatesFrozen, session.reviewId, session.token, session.role]);

  // Our held notes that now show on the board have been published.
  useEffect(() => board.own.notePublished((id) => layout.notes.has(id)), [board, layout]);

  // Notes written while out of sync are published once in sync, under the server's policy.
  useEffect(() => {
    if (!canEdit) return;
    const publish = () => {
      // after the sync message is handled, not inside the provider's handler
      if (provider.synced) queueMicrotask(() => void publishOfflineNotes(board));
    };
    publish();
    provider.on('sync', publish);
    return () => provider.off('sync', publish);
  }, [board, provider, canEdit]);

  const total = layout.notes.size;
  return (
    <section className="card findings" aria-labelledby="findings-heading" data-testid="findings-section">
      <header className="findings__head">
        <h2 id="findings-heading">Findings</h2>
        <p className="hint">
          {total === 0
            ? canEdit
              ? 'Add what you noticed as notes. Drag a note onto another to group them.'
              : 'No findings yet.'
            : `${total} ${total === 1 ? 'note' : 'notes'} · ${layout.groups.size} ${layout.groups.size === 1 ? 'group' : 'groups'}`}
        </p>
        {anonymity !== 'named' && (
          <p className="findings__policy" data-testid="findings-policy">
            {anonymity === 'anonymous'
              ? 'Notes are anonymous: nobody, the facilitator included, can see who wrote one. They appear when the facilitator reveals them. Write about the system; details only you know can still give you away.'
              : 'You may post a note anonymously: tick “Post anonymously”. Anonymous notes appear when the facilitator reveals them.'}
          </p>
        )}
      </header>
      <FindingsBoardContext.Provider value={board}>
        <DraggableColumns layout={layout} policy={anonymity} />
      </FindingsBoardContext.Provider>
    </section>
  );
}

function Columns({ layout, policy }: { layout: BoardLayout; policy: AnonymityPolicy }) {
  return (
    <div className="findings__columns">
      {CATEGORIES.map((category) => (
        <Column key={category} column={layout.columns[category]} layout={layout} policy={policy} />
      ))}
    </div>
  );
}

/** The columns inside a drag-and-drop context: pointer and keyboard (Space, arrows, Space) both work. */
function DraggableColumns({ layout, policy }: { layout: BoardLayout; policy: AnonymityPolicy }) {
  const board = useFindingsBoard();
  const [active, setActive] = useState<string | null>(null);
  const sensors = useSensors(
    // A small distance lets clicks on the handle through and keeps text selection in notes.
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }),
  );
  const announcements = useMemo(() => makeAnnouncements(board), [board]);
  const onDragStart = (event: DragStartEvent) => setActive(String(event.active.id));
  const onDragEnd = (event: DragEndEvent) => {
    setActive(null);
    const outcome = resolveDrop(
      board.layout.current,
      parseDndId(event.active.id),
      event.over ? parseDndId(event.over.id) : null,
    );
    applyDrop(board, outcome);
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={innermostUnderPoint}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To pick up, press Space or Enter. Arrow left and right move between columns, up and down between notes and groups. Drop on a note to group with it, on a group to join it, on a column heading to move there. Space drops, Escape cancels.',
        },
      }}
    >
      <Columns layout={layout} policy={policy} />
      <DragOverlay dropAnimation={null}>{active ? <DragPreview dragId={active} /> : null}</DragOverlay>
    </DndContext>
  );
}

const Column = memo(function Column({
  column,
  layout,
  policy,
}: {
  column: ColumnLayout;
  layout: BoardLayout;
  policy: AnonymityPolicy;
}) {
  const { canEdit } = useFindingsBoard();
  const { category } = column;
  const droppable = useDroppable({ id: dndId({ kind: 'column', category }), disabled: !canEdit });
  const headingId = `findings-column-${category}`;
  return (
    <section
      ref={droppable.setNodeRef}
      className={`column column--${category}${droppable.isOver ? ' column--drop-target' : ''}`}
      aria-labelledby={headingId}
      data-testid={`findings-column-${category}`}
    >
      <header className="column__head">
        <h3 id={headingId} className="column__title">
          <span className="column__dot" aria-hidden="true" />
          {CATEGORY_LABELS[category]}
          <span className="column__count" aria-label={`${column.count} notes`}>
            {column.count}
          </span>
        </h3>
        <p className="column__prompt">{CATEGORY_PROMPTS[category]}</p>
      </header>
      {canEdit && <QuickAdd category={category} policy={policy} />}
      {canEdit && <HeldNotes category={category} />}
      {canEdit && <OfflineNotesList category={category} />}
      <div className="column__body">
        {column.groups.map((group) => (
          <FindingGroupCluster key={group.id} group={group} layout={layout} />
        ))}
        {column.looseIds.map((id) => {
          const note = layout.notes.get(id)!;
          return (
            <FindingNote
              key={id}
              id={id}
              category={note.category}
              groupId={null}
              author={note.author}
              editedBy={note.editedBy}
              weakness={note.weakness}
              anonymous={note.anonymous}
              isCandidate={layout.candidateIds.has(`finding:${id}`)}
            />
          );
        })}
        {column.count === 0 && column.groups.length === 0 && <p className="column__empty">No notes yet</p>}
      </div>
    </section>
  );
});

function DragPreview({ dragId }: { dragId: string }) {
  const { doc } = useFindingsBoard();
  const target = parseDndId(dragId);
  if (!target || target.kind === 'column') return null;
  const text =
    target.kind === 'note' ? findingText(doc, target.id)?.toString() : groupNameText(doc, target.id)?.toString();
  return (
    <div className={`drag-preview drag-preview--${target.kind}`}>
      {target.kind === 'group' && <span className="drag-preview__kind">Group</span>}
      {text?.trim() || (target.kind === 'group' ? 'Unnamed group' : 'Empty note')}
    </div>
  );
}

const PRIORITY: Record<string, number> = { note: 0, group: 1, column: 2 };

/**
 * The innermost drop target under the pointer (or, for the keyboard, under the dragged item's
 * centre): a note inside a group inside a column wins over both.
 */
const innermostUnderPoint: CollisionDetection = ({
  active,
  collisionRect,
  droppableRects,
  droppableContainers,
  pointerCoordinates,
}) => {
  const point = pointerCoordinates ?? {
    x: collisionRect.left + collisionRect.width / 2,
    y: collisionRect.top + Math.min(collisionRect.height / 2, 18),
  };
  const hits = droppableContainers
    .filter((container) => {
      if (container.id === active.id) return false;
      const rect = droppableRects.get(container.id);
      return rect !== undefined && contains(rect, point);
    })
    .sort((a, b) => (PRIORITY[String(a.id).split(':')[0]!] ?? 9) - (PRIORITY[String(b.id).split(':')[0]!] ?? 9));
  const best = hits[0];
  return best ? [{ id: best.id, data: { droppableContainer: best, value: 0 } }] : [];
};

const DIRECTIONS: Partial<Record<string, Direction>> = {
  [KeyboardCode.Left]: 'left',
  [KeyboardCode.Right]: 'right',
  [KeyboardCode.Up]: 'up',
  [KeyboardCode.Down]: 'down',
};

/** Arrow keys jump between columns and drop targets instead of nudging by pixels. */
const keyboardCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const direction = DIRECTIONS[event.code];
  const rect = context.collisionRect;
  if (!direction || !rect) return undefined;
  event.preventDefault();
  const from = { x: rect.left + rect.width / 2, y: rect.top + Math.min(rect.height / 2, 18) };
  const targets: { id: string; rect: { left: number; top: number; width: number; height: number } }[] = [];
  for (const container of context.droppableContainers.getEnabled()) {
    const target = context.droppableRects.get(container.id);
    if (target && container.id !== context.active?.id) targets.push({ id: String(container.id), rect: target });
  }
  const next = nextKeyboardPoint(from, direction, targets);
  if (!next) return currentCoordinates;
  return { x: currentCoordinates.x + (next.x - from.x), y: currentCoordinates.y + (next.y - from.y) };
};

function makeAnnouncements(board: FindingsBoard): Announcements {
  const describe = (id: string | number | undefined) => {
    const target = id === undefined ? null : parseDndId(id);
    if (!target) return 'nothing';
    if (target.kind === 'column') return `column ${CATEGORY_LABELS[target.category as FindingCategory]}`;
    if (target.kind === 'group') return `group ${groupNameText(board.doc, target.id)?.toString().trim() || 'unnamed'}`;
    const text = findingText(board.doc, target.id)?.toString().trim() ?? '';
    return `note ${text.length > 40 ? `${text.slice(0, 40)}…` : text || '(empty)'}`;
  };
  return {
    onDragStart: ({ active }) => `Picked up ${describe(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `${describe(active.id)} is over ${describe(over.id)}.` : `${describe(active.id)} is over no drop target.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `Dropped ${describe(active.id)} on ${describe(over.id)}.`
        : `Dropped ${describe(active.id)}; nothing changed.`,
    onDragCancel: ({ active }) => `Cancelled moving ${describe(active.id)}.`,
  };
}
