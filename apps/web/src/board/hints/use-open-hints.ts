import { useMemo, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { blamelessHints, countOpenHints, hintedTexts, type BlamelessHint, type HintSection } from '@hindsight/review';
import { useDerived } from '../use-traceability';
import { dismissedHints } from './dismissed-hints';

/**
 * Open blameless-language hints per part of the review, for the facilitator's health view: the
 * hints of every hinted text minus those this browser dismissed (dismissals are local, so another
 * person's count may differ). Kept current while shown; each text's hints are remembered between
 * reads, so typing re-runs the rules on the text being typed only.
 */
export function useOpenHintCounts(doc: Y.Doc): Record<HintSection, number> {
  const dismissed = useSyncExternalStore(dismissedHints.subscribe, dismissedHints.all);
  const known = useRef(new Map<string, BlamelessHint[]>());
  const read = () => {
    const seen = new Map<string, BlamelessHint[]>();
    const hintsOf = (text: string) => {
      const hints = seen.get(text) ?? known.current.get(text) ?? blamelessHints(text);
      seen.set(text, hints);
      return hints;
    };
    const counts = countOpenHints(hintedTexts(doc), (text, hints) => dismissedHints.visible(text, hints), hintsOf);
    known.current = seen; // texts no longer in the review are forgotten
    return counts;
  };
  // re-read when a dismissal changes what is open
  const extra = useMemo(() => ({ dismissed }), [dismissed]);
  return useDerived(doc, read, extra);
}
