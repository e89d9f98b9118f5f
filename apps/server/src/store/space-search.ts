import type { SearchSection } from '@hindsight/review';
import type { SearchMatch, SearchTerms } from './spaces';

/**
 * Most hits one search returns over all reviews (each review's first few): a bound on the snippets
 * one query cuts, which at 3 hits a review is a thousand matching reviews and more.
 */
export const MAX_SEARCH_HITS = 3000;
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

/**
 * Matching texts (in index order) grouped per review, at most `hitsPerReview` each, reviews in
 * first-hit order, each text cut to a snippet around the first of `words` it holds.
 */
export function groupHits(
  rows: ReadonlyArray<{ reviewId: string; section: SearchSection; text: string }>,
  words: readonly string[],
  hitsPerReview: number,
): SearchMatch[] {
  const byReview = new Map<string, SearchMatch>();
  for (const row of rows) {
    let match = byReview.get(row.reviewId);
    if (!match) byReview.set(row.reviewId, (match = { reviewId: row.reviewId, hits: [] }));
    if (match.hits.length < hitsPerReview) match.hits.push({ section: row.section, text: snippet(row.text, words) });
  }
  return [...byReview.values()];
}

/** Longest snippet, in characters (ellipses aside). */
export const SNIPPET_MAX_CHARS = 160;
/** How much of the text before the match a snippet keeps. */
const SNIPPET_BEFORE_CHARS = 50;

/**
 * A piece of `text` around the first word that begins with one of `words` (case-insensitive), cut
 * at word boundaries, with "…" where text was left out. Cut here rather than by the database
 * (FTS5's snippet(), ts_headline), which costs about a millisecond a hit and reads alike on both
 * backends. A text matched only through stemming ("retries" for "retry") shows from its start.
 */
export function snippet(text: string, words: readonly string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_MAX_CHARS) return flat;
  const lower = flat.toLowerCase();
  const found = words
    .flatMap((word) => {
      const at = new RegExp(`(?<![\\p{L}\\p{N}])${word}`, 'u').exec(lower)?.index;
      return at === undefined ? [] : [at];
    })
    .sort((a, b) => a - b)[0];
  let start = found === undefined ? 0 : Math.max(0, found - SNIPPET_BEFORE_CHARS);
  let end = Math.min(flat.length, start + SNIPPET_MAX_CHARS);
  // Whole words only: move the cuts to the nearest spaces inside the window.
  if (start > 0) start = flat.indexOf(' ', start) + 1 || start;
  if (end < flat.length) end = flat.lastIndexOf(' ', end) > start ? flat.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
