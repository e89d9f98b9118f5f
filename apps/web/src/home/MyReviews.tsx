import { useEffect, useId, useState } from 'react';
import { ROLE_LABELS } from '@hindsight/protocol';
import { REVIEW_STATUS_LABELS } from '@hindsight/review';
import { fetchReview } from '../app/api';
import { Link } from '../app/Link';
import {
  forgetMyReview,
  myReviewHref,
  openingAccess,
  refreshMyReviews,
  restoreMyReview,
  searchReviews,
  useMyReviews,
  type MyReview,
} from '../app/my-reviews';
import './my-reviews.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

/**
 * The reviews this browser created or opened, newest first, searchable by title. Each opens with
 * the strongest link this browser has had for it; "Forget" takes it off this list (with an undo).
 */
export function MyReviews() {
  const reviews = useMyReviews();
  const [query, setQuery] = useState('');
  const [forgotten, setForgotten] = useState<MyReview | null>(null);
  const headingId = useId();
  const searchId = useId();
  // The list was written when each review was last opened here; ask what it is now.
  useEffect(() => {
    const abort = new AbortController();
    void refreshMyReviews((reviewId, token) => fetchReview(reviewId, token, abort.signal), abort.signal);
    return () => abort.abort();
  }, []);
  if (reviews.length === 0 && !forgotten) return null;
  const shown = searchReviews(reviews, query);

  const forget = (review: MyReview) => {
    forgetMyReview(review.id);
    setForgotten(review);
  };
  const undo = () => {
    if (forgotten) restoreMyReview(forgotten);
    setForgotten(null);
  };

  return (
    <section className="card my-reviews" aria-labelledby={headingId} data-testid="my-reviews">
      <div className="my-reviews__head">
        <div>
          <h2 id={headingId}>My reviews</h2>
          <p className="hint">Reviews you created or opened in this browser.</p>
        </div>
        {reviews.length > 1 && (
          <div className="my-reviews__search">
            <label htmlFor={searchId} className="visually-hidden">
              Search my reviews by title
            </label>
            <input
              id={searchId}
              type="search"
              placeholder="Search by title"
              autoComplete="off"
              value={query}
              onChange={(event) => setQuery(event.currentTarget.value)}
              data-testid="my-reviews-search"
            />
          </div>
        )}
      </div>
      {forgotten && (
        <p className="my-reviews__notice" role="status" data-testid="my-reviews-forgotten">
          Removed “{forgotten.title || 'Untitled review'}” from this list; the review itself is unchanged.{' '}
          <button type="button" className="link-button" onClick={undo}>
            Undo
          </button>
        </p>
      )}
      {reviews.length > 0 && shown.length === 0 && (
        <p className="muted" data-testid="my-reviews-none">
          No review title matches “{query.trim()}”.
        </p>
      )}
      {shown.length > 0 && (
        <ul className="my-reviews__list">
          {shown.map((review) => (
            <MyReviewRow key={review.id} review={review} onForget={() => forget(review)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MyReviewRow({ review, onForget }: { review: MyReview; onForget: () => void }) {
  const href = myReviewHref(review);
  const role = openingAccess(review)?.role;
  const title = review.title.trim() || 'Untitled review';
  const created = formatDate(review.createdAt);
  return (
    <li className="my-review" data-testid="my-review" data-review-id={review.id}>
      <div className="my-review__main">
        {href ? (
          <Link to={href} className="my-review__title" data-testid="my-review-title">
            {title}
          </Link>
        ) : (
          <span className="my-review__title">{title}</span>
        )}
        <p className="my-review__facts">
          <span
            className={`badge severity severity--${review.severity.toLowerCase()}`}
            data-testid="my-review-severity"
          >
            {review.severity}
          </span>
          <span className={`badge status status--${review.status}`} data-testid="my-review-status">
            {REVIEW_STATUS_LABELS[review.status]}
          </span>
          {created && (
            <span className="my-review__date" data-testid="my-review-date">
              Created <time dateTime={review.createdAt}>{created}</time>
            </span>
          )}
          {role && <span className="my-review__role">{ROLE_LABELS[role]}</span>}
        </p>
      </div>
      <button
        type="button"
        className="button button--small button--ghost"
        onClick={onForget}
        aria-label={`Forget “${title}”`}
        title="Remove from this list (the review itself is not deleted)"
        data-testid="my-review-forget"
      >
        Forget
      </button>
    </li>
  );
}
