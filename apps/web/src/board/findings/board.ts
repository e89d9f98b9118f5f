import { createContext, useContext, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import {
  addFindingToGroup,
  addGroup,
  demoteRootCause,
  listFindings,
  listGroups,
  listRootCauses,
  moveGroup,
  observeFindingsLayout,
  promoteToRootCause,
  recordFindingEditor,
  ReviewInputError,
  rootCauseId,
  updateFinding,
  type FindingCategory,
  type RootCauseTarget,
} from '@hindsight/review';
import { loadIdentity } from '../../collab/identity';
import type { BoardSession } from '../section';
import type { EditorsStore } from './editors-store';
import type { OfflineNotes } from './offline-notes';
import type { OwnFindings } from './own-findings';
import { buildLayout, reuseUnchanged, type BoardLayout, type DropOutcome } from './layout';

/** What every note and group of the board shares; one stable object, so it never re-renders them. */
export interface FindingsBoard {
  doc: Y.Doc;
  awareness: Awareness;
  canEdit: boolean;
  /**
   * While voting is open, closed or locked the candidates are fixed (the server refuses any change
   * to them): no promoting or demoting, nor deleting a candidate's note or group.
   */
  candidatesFrozen: boolean;
  editors: EditorsStore;
  session: BoardSession;
  /** This browser's own anonymous findings (ids and secrets), never shared. */
  own: OwnFindings;
  /** Named notes written while out of sync, waiting outside the document (see offline-notes.ts). */
  offline: OfflineNotes;
  /** True while the document is in sync with the server on the current connection (the policy is the server's). */
  isSynced(): boolean;
  /** Named notes this person reworded while out of sync: marked as edited by them once in sync. */
  rewordedOffline: Set<string>;
  /** The latest layout, for menus built on open (read through the ref, not rendered from). */
  layout: { current: BoardLayout };
  /** Asks the component owning `key` (`note:<id>`, `group-name:<id>`, ...) to take focus when it mounts. */
  requestFocus(key: string): void;
  /** True (once) when focus was requested for `key`. */
  takeFocus(key: string): boolean;
}

export const FindingsBoardContext = createContext<FindingsBoard | null>(null);

export function useFindingsBoard(): FindingsBoard {
  const board = useContext(FindingsBoardContext);
  if (!board) throw new Error('useFindingsBoard outside FindingsBoardContext');
  return board;
}

/** The board layout, updated only when notes or groups move, appear or vanish (not on typing). */
export function useFindingsLayout(doc: Y.Doc): BoardLayout {
  const [layout, setLayout] = useState(() => readLayout(doc, null));
  useEffect(() => {
    let current = readLayout(doc, null);
    setLayout(current);
    return observeFindingsLayout(doc, () => {
      const next = readLayout(doc, current);
      if (next === current) return;
      current = next;
      setLayout(next);
    });
  }, [doc]);
  return layout;
}

function readLayout(doc: Y.Doc, previous: BoardLayout | null): BoardLayout {
  return reuseUnchanged(previous, buildLayout(listFindings(doc), listGroups(doc), listRootCauses(doc)));
}

/** Moves a note to a column, out of any group, and keeps keyboard focus on it. */
export function moveNote(board: FindingsBoard, findingId: string, category: FindingCategory): void {
  board.requestFocus(`note:${findingId}`);
  updateFinding(board.doc, findingId, { category, groupId: null });
}

/** Starts a new, unnamed group from notes and puts the caret in its name. */
export function startGroup(board: FindingsBoard, findingIds: string[]): void {
  const id = addGroup(board.doc, '', findingIds);
  board.requestFocus(`group-name:${id}`);
}

/** Carries out a drop resolved by `resolveDrop`. */
export function applyDrop(board: FindingsBoard, outcome: DropOutcome): void {
  switch (outcome.kind) {
    case 'move-note':
      return moveNote(board, outcome.findingId, outcome.category);
    case 'join-group':
      board.requestFocus(`note:${outcome.findingId}`);
      return addFindingToGroup(board.doc, outcome.findingId, outcome.groupId);
    case 'new-group':
      return startGroup(board, outcome.findingIds);
    case 'move-group':
      board.requestFocus(`group:${outcome.groupId}`);
      return moveGroup(board.doc, outcome.groupId, outcome.category);
    case 'none':
      return;
  }
}

/** Promotes a target to root-cause candidate, or demotes it when it already is one. */
export function toggleRootCause(board: FindingsBoard, target: RootCauseTarget): void {
  if (board.layout.current.candidateIds.has(rootCauseId(target))) demoteRootCause(board.doc, target);
  else promoteToRootCause(board.doc, target);
}

/**
 * Marks a named note as reworded by the local person (the model skips their own notes, anonymous
 * ones and the anonymous policy). Out of sync the policy may have changed unseen, so no name is
 * written then: the note is remembered and marked after the next sync (see publish-offline.ts).
 */
export function noteRewordedByMe(board: FindingsBoard, findingId: string): void {
  if (!board.isSynced()) {
    board.rewordedOffline.add(findingId);
    return;
  }
  // Presence is published a moment after a sync; the remembered name is the one it will carry.
  const name = localAuthorName(board.awareness) ?? loadIdentity().name;
  if (!name) return;
  try {
    recordFindingEditor(board.doc, findingId, name);
  } catch (error) {
    // removed meanwhile: there is nothing left to credit
    if (!(error instanceof ReviewInputError)) throw error;
  }
}

/** The local user's display name from presence (set by the board shell), if any. */
export function localAuthorName(awareness: Awareness): string | undefined {
  const name = (awareness.getLocalState() as { user?: { name?: unknown } } | null)?.user?.name;
  return typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, 200) : undefined;
}
