import { useState } from 'react';
import { REVIEW_LIMITS } from '@hindsight/review';

interface DraftInputProps {
  id: string;
  value: string;
  testId: string;
  maxLength: number;
  placeholder: string;
  /** Id of a <datalist> of suggestions. */
  listId?: string;
  onCommit(value: string): void;
}

/** A short text field: a local draft while typing, written on blur or Enter (last writer wins). */
function DraftInput({ id, value, testId, maxLength, placeholder, listId, onCommit }: DraftInputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft.trim() !== value) onCommit(draft.trim());
    setDraft(null);
  };
  return (
    <input
      id={id}
      data-testid={testId}
      value={draft ?? value}
      list={listId}
      maxLength={maxLength}
      autoComplete="off"
      placeholder={placeholder}
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

/** The owner, with the review's known owners as suggestions. */
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
  return (
    <DraftInput
      id={id}
      value={owner}
      testId="action-owner"
      maxLength={REVIEW_LIMITS.labelMaxLength}
      placeholder="Who"
      listId={listId}
      onCommit={onCommit}
    />
  );
}

/** The progress note: where the fix stands, in a line. */
export function ProgressInput({
  id,
  progress,
  onCommit,
}: {
  id: string;
  progress: string;
  onCommit(progress: string): void;
}) {
  return (
    <DraftInput
      id={id}
      value={progress}
      testId="action-progress"
      maxLength={REVIEW_LIMITS.progressMaxLength}
      placeholder="How is the fix going?"
      onCommit={onCommit}
    />
  );
}
