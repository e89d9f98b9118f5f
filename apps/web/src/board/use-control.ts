import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { observeReview, readControl, type ReviewControl } from '@hindsight/review';

/** The facilitator's controls (policy, phase, timer, voting) from the server-owned root, kept current. */
export function useControl(doc: Y.Doc): ReviewControl {
  const [control, setControl] = useState(() => readControl(doc));
  useEffect(() => {
    setControl(readControl(doc));
    return observeReview(doc, () => setControl((previous) => sameControl(previous, readControl(doc))));
  }, [doc]);
  return control;
}

/** Like `useControl`, for a document that may not be there yet (null until it is). */
export function useControlOf(doc: Y.Doc | null): ReviewControl | null {
  const [control, setControl] = useState(() => (doc ? readControl(doc) : null));
  useEffect(() => {
    if (!doc) return setControl(null);
    setControl(readControl(doc));
    return observeReview(doc, () =>
      setControl((previous) => {
        const next = readControl(doc);
        return previous && sameControl(previous, next) === previous ? previous : next;
      }),
    );
  }, [doc]);
  return control;
}

// Keeps the previous object when nothing changed, so typing elsewhere does not re-render control UI.
function sameControl(previous: ReviewControl, next: ReviewControl): ReviewControl {
  return JSON.stringify(previous) === JSON.stringify(next) ? previous : next;
}
