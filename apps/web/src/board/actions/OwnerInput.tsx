import { useState } from 'react';
import { REVIEW_LIMITS } from '@hindsight/review';

/** The owner: a local draft while typing, written on blur or Enter (last writer wins for a name). */
export function OwnerInput({
  id,
  owner,
  listId,
  onCommit,
}: {
  id: string;
  owner: string;
  listId: string;
  onCommit(owner: string): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft.trim() !== owner) onCommit(draft.trim());
    setDraft(null);
  };
  return (
    <input
      id={id}
      data-testid="action-owner"
      value={draft ?? owner}
      list={listId}
      maxLength={REVIEW_LIMITS.labelMaxLength}
      autoComplete="off"
      placeholder="Who"
      onChange={(event) => setDraft(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape' && draft !== null) {
          event.stopPropagation();
          setDraft(null);
        }
      }}
    />
  );
}
