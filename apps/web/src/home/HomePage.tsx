import { useEffect, useState, type FormEvent } from 'react';
import { TITLE_MAX_LENGTH } from '@hindsight/protocol';
import { SEVERITIES, type Severity } from '@hindsight/review';
import { ApiError, createReview } from '../app/api';
import { rememberCreatedReview } from '../app/access';
import { rememberCreatedMyReview } from '../app/my-reviews';
import { navigate } from '../app/router';
import { SEVERITY_DESCRIPTIONS } from '../app/severity';
import { Shell } from '../app/Shell';
import { ImportReview } from './ImportReview';
import { MyReviews } from './MyReviews';
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
      rememberCreatedReview(created);
      rememberCreatedMyReview({
        id: created.id,
        title: title.trim(),
        severity,
        facilitatorToken: created.tokens.facilitator,
      });
      const facilitator = new URL(created.links.facilitator, window.location.href);
      navigate(facilitator.pathname + facilitator.hash);
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
          <div className="field">
            <label htmlFor="create-title" className="field-label">
              Incident title
            </label>
            <input
              id="create-title"
              name="title"
              required
              maxLength={TITLE_MAX_LENGTH}
              autoComplete="off"
              placeholder="e.g. Checkout returned errors for 40 minutes"
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              aria-describedby={error ? 'create-error' : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="create-severity" className="field-label">
              Severity
            </label>
            <select
              id="create-severity"
              name="severity"
              value={severity}
              onChange={(event) => setSeverity(event.target.value as Severity)}
            >
              {SEVERITIES.map((level) => (
                <option key={level} value={level}>
                  {level} · {SEVERITY_DESCRIPTIONS[level]}
                </option>
              ))}
            </select>
          </div>
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
        <ImportReview />
        <MyReviews />
      </div>
    </Shell>
  );
}
