import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { observeControl, readControl, type ReviewControl } from '@hindsight/review';

/**
 * The facilitator's controls (policy, phase, timer, voting, status) from the server-owned root, kept
 * current; null while there is no document. Re-reads only when the controls change, not on typing.
 */
export function useControlOf(doc: Y.Doc | null): ReviewControl | null {
  const [control, setControl] = useState(() => (doc ? readControl(doc) : null));
  useEffect(() => {
    if (!doc) return setControl(null);
    setControl(readControl(doc));
    return observeControl(doc, () => setControl(readControl(doc)));
  }, [doc]);
  return control;
}

/** `useControlOf` for a document that is there. */
export function useControl(doc: Y.Doc): ReviewControl {
  return useControlOf(doc)!;
}
