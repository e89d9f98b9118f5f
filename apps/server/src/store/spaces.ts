import type { ReviewSummaryData, SearchSection, SearchText } from '@hindsight/review';

/** A team space's row. Times are UTC ISO strings. */
export interface SpaceRecord {
  id: string;
  name: string;
  createdAt: string;
}

export type SpaceRole = 'admin' | 'member';

/** A space's link as stored: only its token's hash (in `space_tokens`, apart from review tokens). */
export interface SpaceTokenRecord {
  id: string;
  hash: string;
  spaceId: string;
  role: SpaceRole;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** A space link as listed to its admin: everything but the hash. */
export type SpaceLinkRecord = Omit<SpaceTokenRecord, 'hash'>;

/** A `space_tokens` row as both stores read it. */
export interface SpaceTokenRow {
  id: string;
  hash: string;
  space_id: string;
  role: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** A space link as the API lists it (never its token or hash), from its row. */
export function spaceLinkRecord(row: SpaceTokenRow): SpaceLinkRecord {
  return {
    id: row.id,
    spaceId: row.space_id,
    role: row.role as SpaceLinkRecord['role'],
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** What a space keeps of one of its reviews: its row's creation time and the indexed summary (null until first indexed). */
export interface SpaceReviewRow {
  reviewId: string;
  createdAt: string;
  summary: ReviewSummaryData | null;
}

/** One review's index entry, refreshed from its document. */
export interface ReviewIndexEntry {
  summary: ReviewSummaryData;
  texts: SearchText[];
  /** Y.encodeStateVector of the document it was read from: what a later load compares (staleness). */
  stateVector: Uint8Array;
}

/**
 * A full-text query: words (letters and digits only, split and lowercased by `searchTerms`), all
 * of which a review must contain somewhere. Each word also matches the words it begins and its
 * other forms (stemmed: "deploys" finds "deployment"), so a word still being typed matches too.
 */
export interface SearchTerms {
  words: string[];
}

/** A matching review and its matching pieces (a few, each a snippet around the match). */
export interface SearchMatch {
  reviewId: string;
  hits: Array<{ section: SearchSection; text: string }>;
}

/**
 * Team spaces: their rows and tokens, which reviews they hold (`reviews.space_id`) and each
 * review's index (summary and searchable text) for listing, search, follow-ups and weaknesses.
 */
export interface SpaceStore {
  /** Creates a space and its first tokens in one transaction. */
  createSpace(space: SpaceRecord, tokens: SpaceTokenRecord[]): Promise<void>;
  getSpace(spaceId: string): Promise<SpaceRecord | null>;
  /** The space token with this hash, revoked ones included. */
  findSpaceToken(hash: string): Promise<SpaceTokenRecord | null>;
  createSpaceToken(token: SpaceTokenRecord): Promise<void>;
  /** Every link of the space, oldest first. */
  listSpaceTokens(spaceId: string): Promise<SpaceLinkRecord[]>;
  /**
   * Revokes one link of the space (a revoked one keeps its first time). Atomically refuses to revoke
   * the space's last active admin link, so a space always keeps someone who can run it.
   */
  revokeSpaceToken(spaceId: string, linkId: string, revokedAt: string): Promise<'revoked' | 'not_found' | 'last_admin'>;
  /** Puts the review in the space, or out of any with null. False when there is no such review. */
  setReviewSpace(reviewId: string, spaceId: string | null): Promise<boolean>;
  /** The reviews in the space, newest first, with their summaries. */
  listSpaceReviews(spaceId: string): Promise<SpaceReviewRow[]>;
  /** Replaces the review's index entry (summary and texts) in one transaction; idempotent. */
  saveReviewIndex(reviewId: string, entry: ReviewIndexEntry): Promise<void>;
  /** Deletes the review's index entry (it left its space): its words are kept nowhere else. */
  dropReviewIndex(reviewId: string): Promise<void>;
  /** The state vector the review's index was last read from; null when never indexed. */
  indexedStateVector(reviewId: string): Promise<Uint8Array | null>;
  /** The space's reviews containing every word, each with up to `hitsPerReview` matching texts as snippets. */
  searchSpace(spaceId: string, terms: SearchTerms, hitsPerReview: number): Promise<SearchMatch[]>;
}
