import type { Severity } from '@hindsight/review';
import type { TokenRecord } from './links';

/** A review's row: what the server needs without loading its document. */
export interface ReviewRecord {
  id: string;
  severity: Severity;
  createdAt: string;
  /** The team space holding it; absent or null for none. */
  spaceId?: string | null;
}

/** The reviews themselves: created with everything they start with, read by id. */
export interface ReviewStore {
  /** Creates a review, its tokens and its initial document snapshot in one transaction. */
  createReview(review: ReviewRecord, tokens: TokenRecord[], initialSnapshot: Uint8Array): Promise<void>;
  getReview(reviewId: string): Promise<ReviewRecord | null>;
}

/** A `reviews` row as both backends read it. */
export interface ReviewRow {
  id: string;
  severity: string;
  created_at: string;
  space_id: string | null;
}

export function reviewRecord(row: ReviewRow): ReviewRecord {
  return { id: row.id, severity: row.severity as Severity, createdAt: row.created_at, spaceId: row.space_id };
}
