import type { SearchSection } from '@hindsight/review';
import type { SearchMatch, SearchTerms } from './spaces';

/** Most matching texts a search reads, over all reviews: a bound on one query's work. */
export const MAX_SEARCH_ROWS = 2000;
/** Most words of a query that count (the rest are ignored). */
export const MAX_SEARCH_WORDS = 8;
/** Longest word kept (a longer one is cut): no real word is longer, and a query stays small. */
const MAX_WORD_LENGTH = 50;

/**
 * The words of a search box's text: runs of letters and digits, lowercased, at most
 * MAX_SEARCH_WORDS. Nothing else survives, so a word can be put in either backend's query syntax
 * without escaping.
 */
export function searchTerms(q: string): SearchTerms {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .slice(0, MAX_SEARCH_WORDS)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
  return { words };
}

/** Matching texts (in index order) grouped per review, at most `hitsPerReview` each, reviews in first-hit order. */
export function groupHits(
  rows: ReadonlyArray<{ reviewId: string; section: SearchSection; text: string }>,
  hitsPerReview: number,
): SearchMatch[] {
  const byReview = new Map<string, SearchMatch>();
  for (const row of rows) {
    let match = byReview.get(row.reviewId);
    if (!match) byReview.set(row.reviewId, (match = { reviewId: row.reviewId, hits: [] }));
    if (match.hits.length < hitsPerReview) match.hits.push({ section: row.section, text: row.text });
  }
  return [...byReview.values()];
}
