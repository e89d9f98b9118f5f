import * as Y from 'yjs';
import { ROOT_CAUSE_INPUTS, readControl, rootCausesFrozen, shownRootCauseIds } from '@hindsight/review';
import type { Placement } from './placement';

/**
 * Whether a checked client update would change the root-cause candidates while they are frozen
 * (voting open, closed or locked): promote or demote one, or make one disappear or reappear by
 * deleting, re-adding or rewriting its finding or group. Judged on what the update does to the
 * document, not on how it is written: when it writes where the candidates can change at all
 * (`touched`, see ROOT_CAUSE_INPUTS), it is applied to a copy of the document and the candidates
 * shown before and after are compared. Updates elsewhere (typing in a note, the narrative, the
 * timeline) cost nothing more than the look at `touched`.
 */
export function changesFrozenCandidates(doc: Y.Doc, update: Uint8Array, touched: readonly Placement[]): boolean {
  if (!touched.some(mayChangeCandidates)) return false;
  if (!rootCausesFrozen(readControl(doc).voting)) return false;
  const before = shownRootCauseIds(doc);
  const copy = new Y.Doc({ gc: doc.gc });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(copy, update);
    const after = shownRootCauseIds(copy);
    return after.length !== before.length || after.some((id, i) => id !== before[i]);
  } finally {
    copy.destroy();
  }
}

/** Whether writing in a type at this place can change which candidates show. */
function mayChangeCandidates({ root, depth }: Placement): boolean {
  const deepest = ROOT_CAUSE_INPUTS.get(root);
  return deepest !== undefined && depth <= deepest;
}
