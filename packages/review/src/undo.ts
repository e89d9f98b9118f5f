import * as Y from 'yjs';
import { boardRoots } from './doc';

/**
 * The shared types a board-wide undo manager tracks: everything but the narrative, whose editors
 * keep their own undo history (Tiptap's collaboration undo), so Ctrl+Z in a text editor and on the
 * board do not fight over one stack.
 */
export function undoScope(doc: Y.Doc): Y.AbstractType<any>[] {
  return boardRoots(doc);
}

/**
 * An undo manager for the local user's own board changes. Only transactions with a null origin
 * (the typed operations of this package, run locally) are tracked: remote changes arrive with the
 * provider as origin and are never undone by someone else's Ctrl+Z.
 */
export function createBoardUndoManager(doc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([null]), captureTimeout: 500 });
}
