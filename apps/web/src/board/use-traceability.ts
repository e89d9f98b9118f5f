/**
 * Coverage and review health, derived from the document (never stored) and kept current: re-read
 * at most once per frame, at once for this tab's own changes.
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { observeReview, readCoverage, readReviewHealth, type ReviewHealth } from '@hindsight/review';
import { frameBatcher } from './actions/use-actions';

export type Traceability = ReturnType<typeof readCoverage>;

/** Root causes, actions and the coverage between them; typing in the narrative costs no re-read. */
export function useTraceability(doc: Y.Doc): Traceability {
  return useDerived(
    doc,
    () => readCoverage(doc),
    undefined,
    (tr) => !onlyRichText(tr),
  );
}

/** True when a transaction changed rich text alone (the narrative), which coverage never reads. */
export function onlyRichText(tr: Y.Transaction): boolean {
  for (const type of tr.changedParentTypes.keys()) {
    if (!(type instanceof Y.XmlFragment || type instanceof Y.XmlElement || type instanceof Y.XmlText)) return false;
  }
  return true;
}

/** The health checklist, with the server's count of held findings when known. */
export function useReviewHealth(doc: Y.Doc, heldFindings: number | null): ReviewHealth {
  const health = useDerived(doc, () => readReviewHealth(doc, heldFindings), heldFindings);
  return health;
}

/** A value read from the document, re-read at most once a frame (at once for this tab's own changes) and when `extra` changes. */
export function useDerived<T>(
  doc: Y.Doc,
  read: () => T,
  extra?: unknown,
  matters: (tr: Y.Transaction) => boolean = () => true,
): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const batch = frameBatcher(() => setValue(read()));
    batch.now();
    const stop = observeReview(doc, (tr) => {
      if (!matters(tr)) return;
      if (tr.local) batch.now();
      else batch.schedule();
    });
    return () => {
      stop();
      batch.cancel();
    };
    // `read` is rebuilt every render; what it reads is `doc` and `extra`.
  }, [doc, extra]);
  return value;
}
