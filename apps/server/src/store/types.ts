import type { Role } from '@hindsight/protocol';
import type { FindingCategory, Severity } from '@hindsight/review';

/** A review's row: what the server needs without loading its document. */
export interface ReviewRecord {
  id: string;
  severity: Severity;
  createdAt: string;
}

/**
 * A capability token (a share link) as stored: only its hash, never the token itself. Its `id` is
 * public: random and unrelated to the token, it names the link when listing or revoking it. Times
 * are UTC ISO strings as `Date#toISOString` writes them, so the store compares them as text.
 */
export interface TokenRecord {
  id: string;
  hash: string;
  reviewId: string;
  role: Role;
  /** The facilitator's name for the link ("Sam's team"); null when it has none. */
  label: string | null;
  createdAt: string;
  /** When the link stops opening the review; null for never. */
  expiresAt: string | null;
  /** When the facilitator revoked it; null while not revoked. */
  revokedAt: string | null;
}

/** A link as listed to the facilitator: everything but the token's hash. */
export type LinkRecord = Omit<TokenRecord, 'hash'>;

/** What revoking a link did; refused when it is unknown (in this review) or the last facilitator link. */
export type RevokeOutcome = { ok: true; link: LinkRecord } | { ok: false; reason: 'not_found' | 'last_facilitator' };

/** A person who joined a review through one of its links: the identity behind vote budgets. */
export interface ParticipantRecord {
  id: string;
  reviewId: string;
  /** Hash of the participant's own secret token, held by their browser. */
  tokenHash: string;
  /** The role of the link they joined with. */
  role: Role;
  /** Id of the link they joined with (null for participants from before links had ids). */
  linkId: string | null;
  createdAt: string;
}

/** The budget a vote change must respect. */
export interface VoteLimits {
  /** Votes one participant may place in all. */
  perPerson: number;
  /** Votes one participant may place on one candidate; null for no cap beyond perPerson. */
  perCandidate: number | null;
}

export type VoteChange =
  | { ok: true; mine: Record<string, number> }
  | { ok: false; reason: 'budget_exhausted' | 'candidate_cap' | 'nothing_to_withdraw'; mine: Record<string, number> };

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

/** One row of a review's update log. */
export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
}

/** What it takes to rebuild a document: the last snapshot, then every update appended since. */
export interface StoredDocument {
  snapshot: Uint8Array | null;
  /** The log rows after the snapshot, oldest first; their seqs name them (e.g. to quarantine one). */
  updates: StoredUpdate[];
  /** Sequence number of the last update folded into the snapshot; 0 when none. */
  snapshotSeq: number;
  /** Sequence number of the last update included (in the snapshot or the list); 0 when none. */
  lastSeq: number;
}

/** A log row moved out of the log because it threw on apply; listed without its bytes. */
export interface QuarantinedUpdate {
  seq: number;
  /** The error it threw. */
  error: string;
  quarantinedAt: string;
  byteLength: number;
}

/**
 * Durable state of every review: rows, token hashes and the document as snapshot + update log.
 * Every method resolves only once its write is durable (committed and synced).
 */
export interface Store {
  /** Creates a review, its tokens and its initial document snapshot in one transaction. */
  createReview(review: ReviewRecord, tokens: TokenRecord[], initialSnapshot: Uint8Array): Promise<void>;
  getReview(reviewId: string): Promise<ReviewRecord | null>;
  /** The token with this hash, revoked and expired ones included (the caller decides what they may do). */
  findToken(hash: string): Promise<TokenRecord | null>;
  /** Adds one more token to an existing review (e.g. a new share link). */
  createToken(token: TokenRecord): Promise<void>;
  /** Every link of a review, oldest first, revoked and expired ones included; never the hashes. */
  listTokens(reviewId: string): Promise<LinkRecord[]>;
  /**
   * Revokes the review's link `linkId` as of `revokedAt` (a link already revoked keeps its first
   * time). Atomically refuses to revoke the review's last facilitator link that is active at
   * `revokedAt`, so a review always keeps someone who can run it.
   */
  revokeToken(reviewId: string, linkId: string, revokedAt: string): Promise<RevokeOutcome>;
  loadDocument(reviewId: string): Promise<StoredDocument>;
  /** Appends one update to the review's log; returns its sequence number. */
  appendUpdate(reviewId: string, update: Uint8Array): Promise<number>;
  /**
   * Replaces the snapshot with `snapshot`, which must include every update up to `uptoSeq`,
   * and deletes those updates, atomically: a crash leaves either the old or the new state.
   */
  compact(reviewId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /**
   * Moves log row `seq` of the review, bytes and all, into the quarantine, atomically: it leaves the
   * log (so no load or compaction sees it again) but is never deleted. A no-op if the row is not there.
   */
  quarantineUpdate(reviewId: string, seq: number, error: string): Promise<void>;
  /** The review's quarantined rows, oldest first. */
  quarantinedUpdates(reviewId: string): Promise<QuarantinedUpdate[]>;
  createParticipant(participant: ParticipantRecord): Promise<void>;
  /**
   * The participant with this token hash, or null, also once the link they joined with is revoked
   * or expired (as of `now`, default the current time): an identity lasts only as long as its link.
   */
  findParticipant(tokenHash: string, now?: string): Promise<ParticipantRecord | null>;
  /**
   * Adds (+1) or withdraws (-1) one vote of a participant on a candidate, atomically against the
   * limits: however many requests race, a participant never holds more than the budget.
   */
  changeVote(
    reviewId: string,
    participantId: string,
    candidateId: string,
    delta: 1 | -1,
    limits: VoteLimits,
  ): Promise<VoteChange>;
  /** One participant's votes by candidate. */
  votesOf(reviewId: string, participantId: string): Promise<Record<string, number>>;
  /** Every candidate's total; who voted for what never leaves the store. */
  voteTallies(reviewId: string): Promise<Record<string, number>>;
  resetVotes(reviewId: string): Promise<void>;
  /** Keeps a new anonymous finding, held until released. */
  holdAnonymousFinding(record: AnonymousFindingRecord): Promise<void>;
  /** One anonymous finding (held or published), or null. */
  findAnonymousFinding(reviewId: string, id: string): Promise<AnonymousFindingRecord | null>;
  /** Changes a held finding's words or column; a no-op for a published one. */
  updateHeldFinding(reviewId: string, id: string, patch: { text?: string; category?: FindingCategory }): Promise<void>;
  /** Held findings of a review (all, or only those whose release time is at or before `dueBy`). */
  heldFindings(reviewId: string, dueBy?: string): Promise<HeldFinding[]>;
  countHeldFindings(reviewId: string): Promise<number>;
  /** Marks findings published: forgets their words (the document has them now), keeps the secret hash. */
  markPublished(reviewId: string, ids: readonly string[]): Promise<void>;
  deleteAnonymousFinding(reviewId: string, id: string): Promise<void>;
  /** The earliest pending release time of each review that has findings waiting for one. */
  pendingReleases(): Promise<Array<{ reviewId: string; releaseAt: string }>>;
  close(): Promise<void>;
}
