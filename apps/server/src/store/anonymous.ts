import type { FindingCategory } from '@hindsight/review';

/**
 * An anonymous finding the server knows of. Deliberately no author, participant or request
 * detail: only the hash of the secret its author's browser holds. While held (before release)
 * the row also carries the words; once published they live only in the document.
 */
export interface AnonymousFindingRecord {
  reviewId: string;
  id: string;
  secretHash: string;
  held: boolean;
  /** While held: the finding's column and words; null once published. */
  category: FindingCategory | null;
  text: string | null;
  /** Coarse (quarter hour), so even the database does not order submissions finely. */
  createdAt: string;
  /** Live release mode: when the server publishes it on its own; null to wait for the reveal. */
  releaseAt: string | null;
}

/** A held anonymous finding's content, as published on release. */
export interface HeldFinding {
  id: string;
  category: FindingCategory;
  text: string;
  createdAt: string;
  releaseAt: string | null;
}

/** Anonymous findings: held until released, then only their secret's hash stays. */
export interface AnonymousFindingStore {
  /** Keeps a new anonymous finding, held until released. */
  holdAnonymousFinding(record: AnonymousFindingRecord): Promise<void>;
  /** One anonymous finding (held or published), or null. */
  findAnonymousFinding(reviewId: string, id: string): Promise<AnonymousFindingRecord | null>;
  /** Changes a held finding's words or column; a no-op for a published one. */
  updateHeldFinding(reviewId: string, id: string, patch: { text?: string; category?: FindingCategory }): Promise<void>;
  /** Held findings of a review (all, or only those whose release time is at or before `dueBy`). */
  heldFindings(reviewId: string, dueBy?: string): Promise<HeldFinding[]>;
  countHeldFindings(reviewId: string): Promise<number>;
  /**
   * Marks findings published: forgets their words (the document has them now), keeps the secret hash.
   * Forgetting, here and in updateHeldFinding and deleteAnonymousFinding, includes any journal or log
   * the backend keeps beside its tables, where it can.
   */
  markPublished(reviewId: string, ids: readonly string[]): Promise<void>;
  deleteAnonymousFinding(reviewId: string, id: string): Promise<void>;
  /** The earliest pending release time of each review that has findings waiting for one. */
  pendingReleases(): Promise<Array<{ reviewId: string; releaseAt: string }>>;
}
