import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { createBoardUndoManager, observeControl, readControl, rootCausesFrozen } from '@hindsight/review';
import { registerUndoBoundary } from './undo-boundary';
import { isTextEditingTarget, undoShortcut } from './undo-keys';

export interface BoardUndo {
  canUndo: boolean;
  canRedo: boolean;
  undo: () => void;
  redo: () => void;
}

/**
 * Undo and redo of the local person's own board changes (never someone else's: the manager tracks
 * only local transactions). While `enabled`, Ctrl/Cmd+Z and Ctrl+Shift+Z / Ctrl+Y work anywhere on
 * the page except inside text fields and editors, which keep their own undo.
 */
export function useBoardUndo(doc: Y.Doc | null, enabled: boolean): BoardUndo {
  const [manager, setManager] = useState<Y.UndoManager | null>(null);
  const [stacks, setStacks] = useState({ canUndo: false, canRedo: false });

  useEffect(() => {
    if (!doc) return;
    const created = createBoardUndoManager(doc);
    const update = () => setStacks({ canUndo: created.canUndo(), canRedo: created.canRedo() });
    created.on('stack-item-added', update);
    created.on('stack-item-popped', update);
    created.on('stack-cleared', update);
    // Undoing a change made before the vote could promote or demote a candidate, which the server
    // refuses while they are frozen (and closes the connection): the history starts over instead.
    let frozen = rootCausesFrozen(readControl(doc).voting);
    const stopObserving = observeControl(doc, () => {
      const next = rootCausesFrozen(readControl(doc).voting);
      if (next && !frozen) created.clear();
      frozen = next;
    });
    const unregister = registerUndoBoundary(doc, () => created.stopCapturing());
    setManager(created);
    update();
    return () => {
      unregister();
      stopObserving();
      created.destroy();
      setManager(null);
    };
  }, [doc]);

  const undo = useCallback(() => {
    if (enabled) manager?.undo();
  }, [manager, enabled]);
  const redo = useCallback(() => {
    if (enabled) manager?.redo();
  }, [manager, enabled]);

  useEffect(() => {
    if (!enabled || !manager) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTextEditingTarget(event.target)) return;
      const command = undoShortcut(event);
      if (!command) return;
      event.preventDefault();
      if (command === 'undo') manager.undo();
      else manager.redo();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [manager, enabled]);

  return { canUndo: enabled && stacks.canUndo, canRedo: enabled && stacks.canRedo, undo, redo };
}
