import {
  addFindingToGroup,
  CATEGORY_LABELS,
  groupNameText,
  listFindings,
  removeFinding,
  ReviewInputError,
  setFindingGroup,
  updateFinding,
  WEAKNESS_LABELS,
  WEAKNESSES,
  type FindingCategory,
  type Weakness,
} from '@hindsight/review';
import { ApiError } from '../../app/api';
import type { MenuEntry } from '../../ui/MenuButton';
import { deleteAnonymously } from './anonymous';
import { moveNote, startGroup, type FindingsBoard } from './board';
import { CATEGORIES } from './categories';

/** For an anonymous note: whether this browser may change its words, and how to start. */
export interface AnonymousMenu {
  mayChange: boolean;
  reword: () => void;
}

/** The entries of a note's menu: move to a column, group, and reword or delete where allowed. */
export function noteMenu(
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
  entries.push(...weaknessEntries(board, id));
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
        // The author's deletion waits for a random delay at the server (so it cannot be timed to them).
        const when = board.own.find(id) ? ' It disappears within a minute and a half.' : '';
        if (window.confirm(`Delete this anonymous note for everyone?${when} This cannot be undone.`)) {
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

/** "Weakness": pick the systemic weakness the note shows (the current one ticked), or clear it. */
function weaknessEntries(board: FindingsBoard, id: string): MenuEntry[] {
  const current = listFindings(board.doc).find((finding) => finding.id === id)?.weakness;
  const set = (weakness: Weakness | null) => () => {
    try {
      // Anyone may file any note, an anonymous one too: it changes no words.
      updateFinding(board.doc, id, { weakness });
    } catch (error) {
      if (!(error instanceof ReviewInputError)) throw error;
    }
  };
  const entries: MenuEntry[] = [{ kind: 'heading', label: 'Weakness' }];
  for (const weakness of WEAKNESSES) {
    entries.push({
      kind: 'item',
      label: `${weakness === current ? '✓ ' : ''}${WEAKNESS_LABELS[weakness]}`,
      testId: `weakness-${weakness}`,
      onSelect: set(weakness),
    });
  }
  if (current) entries.push({ kind: 'item', label: 'No weakness', testId: 'weakness-none', onSelect: set(null) });
  return entries;
}

function groupLabel(board: FindingsBoard, groupId: string): string {
  return groupNameText(board.doc, groupId)?.toString().trim() || 'Unnamed group';
}
