import type * as Y from 'yjs';
import { HINT_SECTION_LABELS, HINT_SECTIONS } from '@hindsight/review';
import { useOpenHintCounts } from '../hints/use-open-hints';

/**
 * How many blameless-language hints are open in each part of the review: information for the
 * facilitator (where the wording may still blame someone), never a gap that holds up closing.
 */
export function OpenHints({ doc }: { doc: Y.Doc }) {
  const counts = useOpenHintCounts(doc);
  const total = HINT_SECTIONS.reduce((sum, section) => sum + counts[section], 0);
  return (
    <div className="health__hints" data-testid="health-hints" data-total={total}>
      <span>
        {total === 0
          ? 'No open language hints.'
          : `Open language hints: ${total} (for information; they do not hold up closing)`}
      </span>
      {total > 0 && (
        <ul className="health__hint-counts">
          {HINT_SECTIONS.map((section) => (
            <li key={section} data-section={section} data-count={counts[section]}>
              {HINT_SECTION_LABELS[section]}: {counts[section]}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
