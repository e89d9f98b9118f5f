import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { observeReview, readMeta, type ReviewMeta } from '@hindsight/review';

/** The review's metadata (severity, status, ...) from the document, kept current. */
export function useReviewMeta(doc: Y.Doc): ReviewMeta {
  const [meta, setMeta] = useState(() => readMeta(doc));
  useEffect(() => {
    setMeta(readMeta(doc));
    return observeReview(doc, () => setMeta(readMeta(doc)));
  }, [doc]);
  return meta;
}
