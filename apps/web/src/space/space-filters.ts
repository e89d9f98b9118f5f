import { SPACE_SEARCH_MAX_LENGTH } from '@hindsight/protocol';
import { SEVERITIES, type Severity } from '@hindsight/review';

/** What the space page's list is narrowed to: words, severity, weakness and a date range. */
export interface SpaceFilters {
  /** Words to search for (full text, on the server). */
  q: string;
  severity: Severity | '';
  /** A weakness id, or '' for any. */
  weakness: string;
  /** First and last day (YYYY-MM-DD) a review was created on, or ''. */
  from: string;
  to: string;
}

export const NO_FILTERS: SpaceFilters = { q: '', severity: '', weakness: '', from: '', to: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The query string of `GET /api/spaces/:id/search` for `filters`: only what is set, the words
 * trimmed and capped, a malformed day left out (the date input can hold a half-typed one).
 */
export function searchParams(filters: SpaceFilters): string {
  const params = new URLSearchParams();
  const q = filters.q.trim().slice(0, SPACE_SEARCH_MAX_LENGTH);
  if (q) params.set('q', q);
  if ((SEVERITIES as readonly string[]).includes(filters.severity)) params.set('severity', filters.severity);
  if (filters.weakness) params.set('weakness', filters.weakness);
  if (DAY.test(filters.from)) params.set('from', filters.from);
  if (DAY.test(filters.to)) params.set('to', filters.to);
  return params.toString();
}

/** Whether anything narrows the list (else it is simply every review of the space). */
export function isFiltered(filters: SpaceFilters): boolean {
  return searchParams(filters) !== '';
}

export interface TextPart {
  text: string;
  /** True for a part that matches one of the words searched for. */
  match: boolean;
}

/**
 * `text` cut into parts, those matching a word of `query` (case-insensitive; a word matches as a
 * prefix too, as the search does for the last word) marked, to highlight them in a snippet.
 */
export function highlightParts(text: string, query: string): TextPart[] {
  const words = query
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return text ? [{ text, match: false }] : [];
  const pattern = new RegExp(`(${words.join('|')})`, 'giu');
  // With one capturing group, split alternates: text between matches at even indexes, matches at odd.
  return text
    .split(pattern)
    .map((part, index) => ({ text: part, match: index % 2 === 1 }))
    .filter((part) => part.text !== '');
}
