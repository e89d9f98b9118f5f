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

/** A review's document as snapshot + update log: what a room loads, appends to and compacts. */
export interface DocumentLog {
  /**
   * Whether a review's seqs are dense (1, 2, 3… per review, as in PostgreSQL): then a seq beyond the
   * next expected one means rows in between, written by another instance. SQLite numbers rows
   * across reviews, so a jump says nothing there.
   */
  readonly seqsPerReview: boolean;
  loadDocument(reviewId: string): Promise<StoredDocument>;
  /**
   * What the review's document gained after `seq`: the log rows with larger seqs, oldest first, and
   * the snapshot too when it covers seqs beyond `seq` (their rows were compacted away; applying a
   * snapshot over a document that has part of it is harmless in Yjs). Read in one snapshot of the database.
   */
  updatesAfter(reviewId: string, seq: number): Promise<StoredDocument>;
  /**
   * Appends one update to the review's log; resolves with its sequence number once it is durable.
   * Appends resolve in the order they were made (a room releases its relays in that order), and a
   * backend may commit those made together in one transaction (see group-commit.ts).
   */
  appendUpdate(reviewId: string, update: Uint8Array): Promise<number>;
  /**
   * Replaces the snapshot with `snapshot`, which must include every update up to `uptoSeq`,
   * and deletes those updates, atomically: a crash leaves either the old or the new state. Resolves
   * false when it did nothing because another instance holds the review's compaction lease.
   */
  compact(reviewId: string, snapshot: Uint8Array, uptoSeq: number): Promise<boolean>;
}

/** Log rows that threw on apply, kept aside (never deleted) so the document loads without them. */
export interface UpdateQuarantine {
  /**
   * Moves log row `seq` of the review, bytes and all, into the quarantine, atomically: it leaves the
   * log (so no load or compaction sees it again) but is never deleted. A no-op if the row is not there.
   */
  quarantineUpdate(reviewId: string, seq: number, error: string): Promise<void>;
  /** The review's quarantined rows, oldest first. */
  quarantinedUpdates(reviewId: string): Promise<QuarantinedUpdate[]>;
}
