import { formatDuration, REVIEW_STATUS_LABELS } from '@hindsight/review';
import { Link } from '../app/Link';
import { appPath } from '../app/router';
import { formatDateTime } from '../report/format';
import { highlightParts } from './space-filters';
import type { SpaceSearchResponse } from '@hindsight/protocol';
import type { SearchSection } from '@hindsight/review';
import { weaknessLabel } from './weakness-view';

const SECTION_LABELS: Record<SearchSection, string> = {
  title: 'Title',
  finding: 'Finding',
  timeline: 'Timeline',
  narrative: 'Narrative',
  action: 'Action item',
  'root-cause': 'Root cause',
};

const minutes = (value: number | null) => (value === null ? null : formatDuration(value * 60_000));

/** One review of the space: what happened, how bad, how long, which weaknesses, and where the words were found. */
export function SpaceReviewRow({ review, query }: { review: SpaceSearchResponse['reviews'][number]; query: string }) {
  const title = review.title.trim() || 'Untitled review';
  const detect = minutes(review.durations.toDetectMinutes);
  const resolve = minutes(review.durations.toResolveMinutes);
  // The API says `open`; the review model (and its badge) says `live`.
  const status = review.status === 'closed' ? 'closed' : 'live';
  return (
    <li className="space-review" data-testid="space-review" data-review-id={review.id}>
      <div className="space-review__head">
        <Link to={appPath(review.link)} className="space-review__title" data-testid="space-review-title">
          {title}
        </Link>
        <span className={`badge severity severity--${review.severity.toLowerCase()}`}>{review.severity}</span>
        <span className={`badge status status--${status}`} data-testid="space-review-status">
          {REVIEW_STATUS_LABELS[status]}
        </span>
      </div>
      <p className="space-review__facts">
        <span>
          {review.startedAt ? 'Started ' : 'Created '}
          <time dateTime={review.startedAt ?? review.createdAt}>
            {formatDateTime(review.startedAt ?? review.createdAt)}
          </time>
        </span>
        {review.resolvedAt && (
          <span>
            Resolved <time dateTime={review.resolvedAt}>{formatDateTime(review.resolvedAt)}</time>
          </span>
        )}
        {detect && <span data-testid="space-review-detect">Detected in {detect}</span>}
        {resolve && <span data-testid="space-review-resolve">Resolved in {resolve}</span>}
      </p>
      {review.weaknesses.length > 0 && (
        <ul className="space-review__weaknesses" aria-label="Weaknesses named">
          {review.weaknesses.map((weakness) => (
            <li key={weakness} className="space-chip">
              {weaknessLabel(weakness)}
            </li>
          ))}
        </ul>
      )}
      {review.hits.length > 0 && (
        <ul className="space-review__hits" aria-label="Where the words were found" data-testid="space-review-hits">
          {review.hits.map((hit, index) => (
            <li key={index} className="space-hit" data-testid="space-hit" data-section={hit.section}>
              <span className="space-hit__section">{SECTION_LABELS[hit.section]}</span>{' '}
              <span className="space-hit__text">
                {highlightParts(hit.text, query).map((part, at) =>
                  part.match ? <mark key={at}>{part.text}</mark> : <span key={at}>{part.text}</span>,
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
