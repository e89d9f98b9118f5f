import type { Severity } from '@hindsight/review';
import type { TokenRecord } from './links';

/** A review's row: what the server needs without loading its document. */
export interface ReviewRecord {
  id: string;
  severity: Severity;
  createdAt: string;
}

/** The reviews themselves: created with everything they start with, read by id. */
export interface ReviewStore {
  /** Creates a review, its tokens and its initial document snapshot in one transaction. */
  createReview(review: ReviewRecord, tokens: TokenRecord[], initialSnapshot: Uint8Array): Promise<void>;
  getReview(reviewId: string): Promise<ReviewRecord | null>;
}
