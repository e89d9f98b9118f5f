import { useCallback, useId, useState } from 'react';
import { SEVERITIES, WEAKNESSES, WEAKNESS_LABELS, type Severity } from '@hindsight/review';
import { useDebounced } from '../app/use-debounced';
import { usePoll } from '../app/use-poll';
import { count } from '../report/format';
import { searchSpace } from './space-api';
import { isFiltered, NO_FILTERS, searchParams, type SpaceFilters } from './space-filters';
import { SPACE_SEARCH_MAX_LENGTH, type SpaceResponse, type SpaceSearchResponse } from '@hindsight/protocol';
import { SpaceReviewRow } from './SpaceReviewRow';
import { SPACE_REFRESH_MS } from './use-space';

/** How long typing must pause before the words are searched for. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * The space's reviews, newest first, with a full-text search across them (on the server: titles,
 * findings, timeline, narrative, action items) and filters by severity, weakness and date. Without
 * any, the list is the space's own; with some, the server's answer, asked again every few seconds
 * so words typed into a review meanwhile are found.
 */
export function SpaceReviews({ space, token }: { space: SpaceResponse; token: string }) {
  const [filters, setFilters] = useState<SpaceFilters>(NO_FILTERS);
  const asked = useDebounced(filters, SEARCH_DEBOUNCE_MS);
  const query = searchParams(asked);
  const filtered = isFiltered(asked);
  // Each answer names the query it answers: while a new one is asked, the previous words' hits are not shown.
  const search = useCallback(
    (signal: AbortSignal) =>
      searchSpace(space.id, token, asked, signal).then((answer) => ({ query, reviews: answer.reviews })),
    [space.id, token, asked, query],
  );
  const found = usePoll(filtered ? `${space.id}?${query}` : null, search, SPACE_REFRESH_MS);
  const results: SpaceSearchResponse['reviews'] | null = !filtered
    ? space.reviews.map((review) => ({ ...review, hits: [] }))
    : found.value?.query === query
      ? found.value.reviews
      : null;

  const set = <K extends keyof SpaceFilters>(key: K, value: SpaceFilters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));

  return (
    <section
      className="card space-card space-reviews"
      aria-labelledby="space-reviews-heading"
      data-testid="space-reviews"
    >
      <div className="space-card__head">
        <h2 id="space-reviews-heading">Reviews</h2>
        <p className="hint" aria-live="polite" data-testid="space-reviews-summary">
          {results === null
            ? 'Searching…'
            : filtered
              ? `Matching: ${results.length} of ${count(space.reviews.length, 'review')}`
              : count(results.length, 'review')}
        </p>
      </div>
      <ReviewFilters filters={filters} onChange={set} onClear={() => setFilters(NO_FILTERS)} />
      {results !== null && results.length === 0 && (
        <p className="muted" data-testid="space-reviews-none">
          {filtered
            ? 'No review matches. Try other words or fewer filters.'
            : space.role === 'admin'
              ? 'No reviews yet. Start one with “New review”, or move one here from its board’s Share panel.'
              : 'No reviews yet.'}
        </p>
      )}
      {results !== null && results.length > 0 && (
        <ul className="space-reviews__list">
          {results.map((review) => (
            <SpaceReviewRow key={review.id} review={review} query={asked.q} />
          ))}
        </ul>
      )}
    </section>
  );
}

interface ReviewFiltersProps {
  filters: SpaceFilters;
  onChange: <K extends keyof SpaceFilters>(key: K, value: SpaceFilters[K]) => void;
  onClear: () => void;
}

function ReviewFilters({ filters, onChange, onClear }: ReviewFiltersProps) {
  const id = useId();
  return (
    <div className="space-filters" role="search" aria-label="Search and filter the reviews">
      <div className="field space-filters__search">
        <label htmlFor={`${id}-q`} className="field-label">
          Search
        </label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder="Words in titles, findings, timeline, narrative, actions"
          autoComplete="off"
          maxLength={SPACE_SEARCH_MAX_LENGTH}
          value={filters.q}
          onChange={(event) => onChange('q', event.currentTarget.value)}
          data-testid="space-search"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-severity`} className="field-label">
          Severity
        </label>
        <select
          id={`${id}-severity`}
          value={filters.severity}
          onChange={(event) => onChange('severity', event.currentTarget.value as Severity | '')}
          data-testid="space-filter-severity"
        >
          <option value="">Any</option>
          {SEVERITIES.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-weakness`} className="field-label">
          Weakness
        </label>
        <select
          id={`${id}-weakness`}
          value={filters.weakness}
          onChange={(event) => onChange('weakness', event.currentTarget.value)}
          data-testid="space-filter-weakness"
        >
          <option value="">Any</option>
          {WEAKNESSES.map((weakness) => (
            <option key={weakness} value={weakness}>
              {WEAKNESS_LABELS[weakness]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`} className="field-label">
          From
        </label>
        <input
          id={`${id}-from`}
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(event) => onChange('from', event.currentTarget.value)}
          data-testid="space-filter-from"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`} className="field-label">
          To
        </label>
        <input
          id={`${id}-to`}
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(event) => onChange('to', event.currentTarget.value)}
          data-testid="space-filter-to"
        />
      </div>
      {isFiltered(filters) && (
        <button type="button" className="button button--ghost button--small space-filters__clear" onClick={onClear}>
          Clear
        </button>
      )}
    </div>
  );
}
