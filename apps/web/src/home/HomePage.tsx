import { useEffect, useState, type FormEvent } from 'react';
import type { Severity } from '@hindsight/review';
import { ApiError, createReview } from '../app/api';
import { openCreatedReview } from '../app/open-created-review';
import { Shell } from '../app/Shell';
import { ReviewFields } from '../ui/ReviewFields';
import { ImportReview } from './ImportReview';
import { MyReviews } from './MyReviews';
import { MySpaces } from './MySpaces';
import { NewSpace } from './NewSpace';
import './home.css';

/** `/`: start a review. The creator becomes its facilitator and lands on the board. */
export function HomePage() {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV3');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Hindsight · Blameless post-incident reviews';
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const created = await createReview({ title: title.trim(), severity });
      openCreatedReview(created, { title: title.trim(), severity });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong. Please try again.');
      setPending(false);
    }
  };

  return (
    <Shell>
      <div className="home">
        <section className="intro">
          <h1>Learn from the incident, together</h1>
          <p className="lede">
            Hindsight is a shared board for blameless post-incident reviews: rebuild the timeline, write down what went
            well and what went wrong, agree on root causes and leave with action items. Everyone edits at the same time.
          </p>
        </section>
        <form className="card create-form" onSubmit={submit} aria-labelledby="create-heading">
          <h2 id="create-heading">Start a review</h2>
          <ReviewFields
            idPrefix="create"
            title={title}
            severity={severity}
            onTitleChange={setTitle}
            onSeverityChange={setSeverity}
            errorId={error ? 'create-error' : undefined}
          />
          {error && (
            <p id="create-error" className="form-error" role="alert" data-testid="create-error">
              {error}
            </p>
          )}
          <button type="submit" className="button" disabled={pending}>
            {pending ? 'Creating…' : 'Create review'}
          </button>
          <p className="hint">You will facilitate it and get links to invite participants and viewers.</p>
        </form>
        <NewSpace />
        <ImportReview />
        <MySpaces />
        <MyReviews />
      </div>
    </Shell>
  );
}
