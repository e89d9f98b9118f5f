import { useMemo, useSyncExternalStore } from 'react';
import { blamelessHints, type BlamelessHint } from '@hindsight/review';
import { dismissedHints } from './dismissed-hints';

/** The blameless-language hints of a plain field's current value, minus the dismissed ones. */
export function useFieldHints(value: string, enabled: boolean): BlamelessHint[] {
  const dismissed = useSyncExternalStore(dismissedHints.subscribe, dismissedHints.all);
  return useMemo(
    () => (enabled ? dismissedHints.visible(value, blamelessHints(value)) : []),
    // `dismissed` changes identity on every dismissal: recompute then.
    [value, enabled, dismissed],
  );
}

/** `text` with the hint's suggestion in place of its span. */
export function withSuggestion(text: string, hint: BlamelessHint): string {
  return text.slice(0, hint.start) + hint.suggestion + text.slice(hint.end);
}
