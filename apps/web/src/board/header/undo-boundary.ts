import type * as Y from 'yjs';

/**
 * Ends the board undo manager's current capture, so the next local change is an undo step of its
 * own even when it follows typing within the capture window (a hint's suggestion applied right
 * after writing is undone alone, not with the words before it).
 */
const boundaries = new WeakMap<Y.Doc, () => void>();

export function registerUndoBoundary(doc: Y.Doc, stopCapturing: () => void): () => void {
  boundaries.set(doc, stopCapturing);
  return () => {
    if (boundaries.get(doc) === stopCapturing) boundaries.delete(doc);
  };
}

export function markUndoBoundary(doc: Y.Doc): void {
  boundaries.get(doc)?.();
}
