import { useSyncExternalStore } from 'react';
import { ROLES, type Role } from '@hindsight/protocol';
import { REVIEW_STATUSES, SEVERITIES, type ReviewStatus, type Severity } from '@hindsight/review';
import { safely } from './storage';

/**
 * "My reviews": the reviews this browser created or opened, kept in localStorage so a facilitator
 * finds last month's review again from the home page. The list logic is pure (the functions that
 * take and return a list); the rest reads and writes the one storage key.
 *
 * Each entry keeps the newest token seen for each role, so the list opens a review with the
 * strongest access this browser has had to it. Tokens are already kept in this browser (the
 * creator's links in localStorage, the open tab's token in sessionStorage); "Forget" removes the
 * entry and its tokens.
 */

export interface MyReview {
  id: string;
  title: string;
  severity: Severity;
  status: ReviewStatus;
  /** When the review was created (ISO 8601). */
  createdAt: string;
  /** When this browser last created or opened it (ISO 8601); the list is ordered by it. */
  seenAt: string;
  /** The newest token this browser has seen for each role. */
  tokens: Partial<Record<Role, string>>;
}

/** One time this browser created or opened a review, with what it learnt about it. */
export interface ReviewSighting {
  id: string;
  title: string;
  severity: Severity;
  status: ReviewStatus;
  createdAt: string;
  role: Role;
  token: string;
  /** When it was seen (ISO 8601). */
  at: string;
}

/** Entries kept at most; the ones seen longest ago go first. */
export const MY_REVIEWS_LIMIT = 200;

/** The list with `seen` added, or its entry updated (title, severity, status, the role's token). */
export function recordReview(list: readonly MyReview[], seen: ReviewSighting): MyReview[] {
  const previous = list.find((review) => review.id === seen.id);
  const entry: MyReview = {
    id: seen.id,
    title: seen.title,
    severity: seen.severity,
    status: seen.status,
    createdAt: seen.createdAt,
    seenAt: previous && previous.seenAt > seen.at ? previous.seenAt : seen.at,
    tokens: { ...previous?.tokens, [seen.role]: seen.token },
  };
  const rest = list.filter((review) => review.id !== seen.id);
  return sortReviews([entry, ...rest]).slice(0, MY_REVIEWS_LIMIT);
}

/** What the list shows of a review that can change after it was first seen. */
export type ReviewSummary = Pick<MyReview, 'title' | 'severity' | 'status'>;

/** The list with the entry `id` showing `summary` (unchanged when absent or already current). */
export function updateSummary(list: readonly MyReview[], id: string, summary: ReviewSummary): MyReview[] {
  return list.map((review) =>
    review.id === id &&
    (review.title !== summary.title || review.severity !== summary.severity || review.status !== summary.status)
      ? { ...review, title: summary.title, severity: summary.severity, status: summary.status }
      : review,
  );
}

/** The list without the review `id`. */
export function forgetReview(list: readonly MyReview[], id: string): MyReview[] {
  return list.filter((review) => review.id !== id);
}

/**
 * The list without `token` (refused by the server: revoked, expired or unknown); an entry left with
 * no token at all is dropped, since nothing in this browser can open it any more.
 */
export function dropToken(list: readonly MyReview[], id: string, token: string): MyReview[] {
  return list.flatMap((review) => {
    if (review.id !== id) return [review];
    const tokens = Object.fromEntries(Object.entries(review.tokens).filter(([, kept]) => kept !== token));
    return Object.keys(tokens).length === 0 ? [] : [{ ...review, tokens }];
  });
}

/** Most recently seen first; then newest review first; then by id, so the order never flickers. */
export function sortReviews(list: readonly MyReview[]): MyReview[] {
  return [...list].sort(
    (a, b) =>
      compareDesc(a.seenAt, b.seenAt) ||
      compareDesc(a.createdAt, b.createdAt) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The reviews whose title holds every word of `query` (case- and accent-insensitive), in list order. */
export function searchReviews(list: readonly MyReview[], query: string): MyReview[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...list];
  return list.filter((review) => {
    const title = fold(review.title);
    return words.every((word) => title.includes(word));
  });
}

/** The strongest role this browser holds a token for, with that token; null if none. */
export function openingAccess(review: Pick<MyReview, 'tokens'>): { role: Role; token: string } | null {
  for (const role of ROLES) {
    const token = review.tokens[role];
    if (token) return { role, token };
  }
  return null;
}

/** The board address that opens the review with the strongest token known; null without one. */
export function myReviewHref(review: MyReview): string | null {
  const access = openingAccess(review);
  return access ? `/r/${encodeURIComponent(review.id)}#token=${encodeURIComponent(access.token)}` : null;
}

/** Parses the stored list; malformed entries (or a malformed list) are dropped, never thrown. */
export function parseMyReviews(raw: string | null): MyReview[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  const entries = isRecord(data) && Array.isArray(data.reviews) ? data.reviews : [];
  const reviews: MyReview[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const review = readEntry(entry);
    if (review && !seen.has(review.id)) {
      seen.add(review.id);
      reviews.push(review);
    }
  }
  return sortReviews(reviews);
}

/** The stored form of the list. */
export function serialiseMyReviews(list: readonly MyReview[]): string {
  return JSON.stringify({ version: 1, reviews: list });
}

function readEntry(value: unknown): MyReview | null {
  if (!isRecord(value)) return null;
  const { id, title, severity, status, createdAt, seenAt, tokens } = value;
  if (typeof id !== 'string' || id === '' || typeof title !== 'string') return null;
  if (!(SEVERITIES as readonly unknown[]).includes(severity)) return null;
  if (!(REVIEW_STATUSES as readonly unknown[]).includes(status)) return null;
  if (typeof createdAt !== 'string' || typeof seenAt !== 'string' || !isRecord(tokens)) return null;
  const kept: Partial<Record<Role, string>> = {};
  for (const role of ROLES) {
    const token = tokens[role];
    if (typeof token === 'string' && token !== '') kept[role] = token;
  }
  if (Object.keys(kept).length === 0) return null;
  return {
    id,
    title,
    severity: severity as Severity,
    status: status as ReviewStatus,
    createdAt,
    seenAt,
    tokens: kept,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();
}

// ---- this browser's list ----

const STORAGE_KEY = 'hindsight:my-reviews';
const CHANGE_EVENT = 'hindsight:my-reviews';

/** This browser's list, most recently seen first. */
export function readMyReviews(): MyReview[] {
  return parseMyReviews(safely(() => localStorage.getItem(STORAGE_KEY)) ?? null);
}

function update(change: (list: MyReview[]) => MyReview[]): void {
  const next = change(readMyReviews());
  safely(() => localStorage.setItem(STORAGE_KEY, serialiseMyReviews(next)));
  // The storage event reaches other tabs only; this one is told directly.
  safely(() => window.dispatchEvent(new Event(CHANGE_EVENT)));
}

/** Records a successful open of a review (its summary from the API and the token that opened it). */
export function rememberMyReview(
  reviewId: string,
  token: string,
  info: { title: string; severity: Severity; status: ReviewStatus; createdAt: string; role: Role },
): void {
  const { title, severity, status, createdAt, role } = info;
  update((list) =>
    recordReview(list, { id: reviewId, title, severity, status, createdAt, role, token, at: new Date().toISOString() }),
  );
}

/** Records a review this browser just created (it is its facilitator). */
export function rememberCreatedMyReview(created: {
  id: string;
  title: string;
  severity: Severity;
  facilitatorToken: string;
}): void {
  const now = new Date().toISOString();
  update((list) =>
    recordReview(list, {
      id: created.id,
      title: created.title,
      severity: created.severity,
      status: 'live',
      createdAt: now,
      role: 'facilitator',
      token: created.facilitatorToken,
      at: now,
    }),
  );
}

/**
 * Keeps an entry's title, severity and status as the board shows them live, so a review closed
 * (or renamed) while open here is listed that way at once. Does not add a review to the list.
 */
export function followMyReview(reviewId: string, summary: ReviewSummary): void {
  const current = readMyReviews().find((review) => review.id === reviewId);
  if (!current || updateSummary([current], reviewId, summary)[0] === current) return;
  update((list) => updateSummary(list, reviewId, summary));
}

/** How many listed reviews the home page asks the server about, newest first. */
export const REFRESH_LIMIT = 50;

/**
 * Asks the server for the current summary of the listed reviews (a review may have been closed or
 * renamed since this browser last opened it), a few at a time. A token the server refuses is
 * forgotten, as when opening the review; an unreachable server leaves the list as it is.
 */
export async function refreshMyReviews(
  fetchSummary: (reviewId: string, token: string) => Promise<ReviewSummary>,
  signal: AbortSignal,
  concurrency = 4,
): Promise<void> {
  const queue = readMyReviews().slice(0, REFRESH_LIMIT);
  const worker = async () => {
    for (let review = queue.shift(); review && !signal.aborted; review = queue.shift()) {
      const access = openingAccess(review);
      if (!access) continue;
      try {
        const summary = await fetchSummary(review.id, access.token);
        if (!signal.aborted) followMyReview(review.id, summary);
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        if (!signal.aborted && (status === 401 || status === 403)) forgetMyReviewToken(review.id, access.token);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Removes a review from this browser's list (the review itself is untouched). */
export function forgetMyReview(reviewId: string): void {
  update((list) => forgetReview(list, reviewId));
}

/** Forgets a token the server refused, so the list stops offering a link that cannot open. */
export function forgetMyReviewToken(reviewId: string, token: string): void {
  update((list) => dropToken(list, reviewId, token));
}

/** Puts back an entry removed by `forgetMyReview` (its Undo). */
export function restoreMyReview(review: MyReview): void {
  update((list) => sortReviews([review, ...forgetReview(list, review.id)]).slice(0, MY_REVIEWS_LIMIT));
}

let cachedRaw: string | null | undefined;
let cachedList: MyReview[] = [];

function snapshot(): MyReview[] {
  const raw = safely(() => localStorage.getItem(STORAGE_KEY)) ?? null;
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedList = parseMyReviews(raw);
  }
  return cachedList;
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === STORAGE_KEY) onChange();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

/** This browser's list, kept current (also when another tab changes it). */
export function useMyReviews(): MyReview[] {
  return useSyncExternalStore(subscribe, snapshot);
}
