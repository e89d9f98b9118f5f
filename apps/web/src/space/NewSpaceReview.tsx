import { useId, useState, type FormEvent } from 'react';
import type { Severity } from '@hindsight/review';
import { openCreatedReview } from '../app/open-created-review';
import { useControlAction } from '../board/facilitation/use-control-action';
import { ReviewFields } from '../ui/ReviewFields';
import { createSpaceReview } from './space-api';

/** The admin's "New review": a review created in this space, opened on its board for its creator to facilitate. */
export function NewSpaceReview({ spaceId, token }: { spaceId: string; token: string }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV3');
  const { pending, message, run } = useControlAction();
  const id = useId();

  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="space-new-review">
        New review
      </button>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const created = await createSpaceReview(spaceId, token, { title: title.trim(), severity });
      openCreatedReview(created, { title: title.trim(), severity });
    });
  };

  return (
    <form
      className="space-new-review"
      onSubmit={submit}
      aria-label="New review in this space"
      data-testid="space-new-review-form"
    >
      <ReviewFields
        idPrefix={id}
        title={title}
        severity={severity}
        onTitleChange={setTitle}
        onSeverityChange={setSeverity}
        errorId={message ? `${id}-error` : undefined}
        autoFocus
      />
      {message && (
        <p id={`${id}-error`} className="form-error" role="alert">
          {message.text}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Creating…' : 'Create review'}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <p className="hint">You will facilitate it; everyone in the space can read it.</p>
    </form>
  );
}
