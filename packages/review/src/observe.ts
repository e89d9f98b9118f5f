import type * as Y from 'yjs';
import { allRoots } from './doc';

/**
 * Calls `onChange` once per transaction that changes any part of the review (local or remote).
 * Returns the function that stops observing.
 */
export function observeReview(doc: Y.Doc, onChange: (transaction: Y.Transaction) => void): () => void {
  const roots = allRoots(doc);
  // Each root's deep observer fires for the same transaction; the UI needs one re-render, not nine.
  let lastTransaction: Y.Transaction | null = null;
  const handler = (_events: Y.YEvent<any>[], transaction: Y.Transaction) => {
    if (transaction === lastTransaction) return;
    lastTransaction = transaction;
    onChange(transaction);
  };
  for (const root of roots) root.observeDeep(handler);
  return () => {
    for (const root of roots) root.unobserveDeep(handler);
  };
}
