import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { observeReview, readControl, type AnonymityPolicy } from '@hindsight/review';

/** The review's anonymity policy from the document, kept current; null while there is no document. */
export function useAnonymityPolicy(doc: Y.Doc | null): AnonymityPolicy | null {
  const [policy, setPolicy] = useState<AnonymityPolicy | null>(() => (doc ? readControl(doc).anonymity : null));
  useEffect(() => {
    if (!doc) {
      setPolicy(null);
      return;
    }
    const read = () => setPolicy(readControl(doc).anonymity);
    read();
    return observeReview(doc, read);
  }, [doc]);
  return policy;
}
