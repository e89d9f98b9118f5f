import { useMemo, useRef } from 'react';
import { findingText } from '@hindsight/review';
import { useFindingsBoard } from './board';
import { useTextValue } from './use-bound-text';
import { useCollapse } from './use-collapse';

/** A viewer's read-only note text, collapsed to a few lines when long. */
export function NoteText({ id }: { id: string }) {
  const { doc } = useFindingsBoard();
  const value = useTextValue(useMemo(() => findingText(doc, id), [doc, id]));
  const ref = useRef<HTMLParagraphElement>(null);
  const collapse = useCollapse(ref, value);
  const collapsed = collapse.long && !collapse.expanded;
  return (
    <>
      <p
        ref={ref}
        id={`note-text-${id}`}
        className={collapsed ? 'note__text note__text--read note__text--collapsed' : 'note__text note__text--read'}
      >
        {value}
      </p>
      {collapse.long && (
        <MoreToggle expanded={collapse.expanded} controls={`note-text-${id}`} onToggle={collapse.toggle} />
      )}
    </>
  );
}

/** "more" under a collapsed note, "less" under an expanded one. */
export function MoreToggle({
  expanded,
  controls,
  onToggle,
}: {
  expanded: boolean;
  controls: string;
  onToggle: () => void;
}) {
  return (
    <button
      type="button"
      className="link-button note__more"
      aria-expanded={expanded}
      aria-controls={controls}
      data-testid="note-more"
      onClick={onToggle}
    >
      {expanded ? 'less' : 'more'}
    </button>
  );
}
