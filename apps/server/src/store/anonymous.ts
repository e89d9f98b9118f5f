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
  /**
   * Set while the finding (held in live mode) or an author's change to it (published) waits for its
   * random release moment: only the quarter hour it began waiting in. The moment itself is kept in
   * memory (`AnonymousRelease`), so the database never knows when anyone posted or changed a finding
   * more finely than the quarter hour. Null: nothing waits, or a held finding waits for the reveal.
   */
  releaseAt: string | null;
  /** Published findings only: an author's change waiting for release (words in text/category for an edit). */
  pendingChange: 'edit' | 'delete' | null;
}

/** An author's change to a published anonymous finding, waiting for its release moment. */
export type PendingChange =
  | { id: string; kind: 'edit'; text: string | null; category: FindingCategory | null }
  | { id: string; kind: 'delete' };

/** A held anonymous finding's content, as published on release. */
export interface HeldFinding {
  id: string;
  category: FindingCategory;
  text: string;
  createdAt: string;
}

/** Anonymous findings: held until released, then only their secret's hash stays. */
export interface AnonymousFindingStore {
  /**
   * Keeps a new anonymous finding, held until released; with `maxHeld`, only while its review holds
   * fewer (counted in the same transaction as the insert, so racing instances cannot pass the cap).
   * Resolves false when the cap refused it (nothing stored).
   */
  holdAnonymousFinding(record: AnonymousFindingRecord, maxHeld?: number): Promise<boolean>;
  /** One anonymous finding (held or published), or null. */
  findAnonymousFinding(reviewId: string, id: string): Promise<AnonymousFindingRecord | null>;
  /** Changes a held finding's words or column; a no-op for a published one. */
  updateHeldFinding(reviewId: string, id: string, patch: { text?: string; category?: FindingCategory }): Promise<void>;
  /** Held findings of a review. */
  heldFindings(reviewId: string): Promise<HeldFinding[]>;
  countHeldFindings(reviewId: string): Promise<number>;
  /**
   * Claims held findings for publishing by `instanceId` for `leaseMs`, atomically: a finding is
   * claimed if held and unclaimed, or claimed by anyone whose lease has ended (it died mid-release).
   * Returns the findings this call claimed (by id), with their words; racing claims never share one.
   */
  claimForPublishing(
    reviewId: string,
    ids: readonly string[],
    instanceId: string,
    leaseMs: number,
  ): Promise<HeldFinding[]>;
  /**
   * Marks findings published, only those still claimed by `instanceId`, and returns their ids:
   * forgets their words (the document has them now), keeps the secret hash. Forgetting, here and in
   * updateHeldFinding and deleteAnonymousFinding, includes any journal or log the backend keeps
   * beside its tables, where it can.
   */
  markPublished(reviewId: string, ids: readonly string[], instanceId: string): Promise<string[]>;
  /** Held findings whose publishing claim has lapsed (the claimant died before marking them published). */
  lapsedClaims(): Promise<Array<{ reviewId: string; id: string }>>;
  deleteAnonymousFinding(reviewId: string, id: string): Promise<void>;
  /**
   * Keeps an author's change to a published finding until its release (`since`: the coarse time).
   * An edit merges into a waiting edit; a deletion replaces whatever waits. A no-op for a held one.
   */
  holdChange(
    reviewId: string,
    id: string,
    change: { kind: 'edit'; text?: string; category?: FindingCategory } | { kind: 'delete' },
    since: string,
  ): Promise<void>;
  /** The changes waiting for release in a review. */
  pendingChanges(reviewId: string): Promise<PendingChange[]>;
  /** Forgets the waiting edits of these findings once the document has them. */
  clearChanges(reviewId: string, ids: readonly string[]): Promise<void>;
  /** Every finding (held in live mode) or change waiting for a random release moment, of every review. */
  /** `waitingBefore`: only those that began waiting before this (ISO) quarter hour. */
  pendingReleases(waitingBefore?: string): Promise<Array<{ reviewId: string; id: string }>>;
}
