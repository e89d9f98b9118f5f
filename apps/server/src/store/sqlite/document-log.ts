import type Database from 'better-sqlite3';
import type { DocumentLog, UpdateQuarantine } from '../document-log';
import { GroupCommit, type LogAppend } from '../group-commit';

/** The statement that replaces a review's snapshot; creating a review prepares it too, for its own transaction. */
export function prepareWriteSnapshot(db: Database.Database): Database.Statement<[string, Buffer, number]> {
  return db.prepare(
    `INSERT INTO snapshots (review_id, data, upto_seq) VALUES (?, ?, ?)
     ON CONFLICT(review_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq`,
  );
}

/** Tests only (HINDSIGHT_CRASH_IN_COMPACTION), inert unless set. */
export interface DocumentLogTestHooks {
  /** Die like kill -9 inside compaction, between the snapshot write and the log delete. */
  crashInCompaction?: boolean;
}

/**
 * The document log in the `snapshots` and `updates` tables. Appends go through a group commit:
 * those of one event-loop turn share a transaction, and so one fsync. `settled` waits for appends
 * still gathering (before the database closes).
 */
export function sqliteDocumentLog(
  db: Database.Database,
  testHooks: DocumentLogTestHooks = {},
): DocumentLog & { settled(): Promise<void> } {
  const getSnapshot = db.prepare<[string], { data: Buffer; upto_seq: number }>(
    'SELECT data, upto_seq FROM snapshots WHERE review_id = ?',
  );
  const getUpdates = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE review_id = ? AND seq > ? ORDER BY seq',
  );
  const appendUpdate = db.prepare('INSERT INTO updates (review_id, data) VALUES (?, ?)');
  const writeSnapshot = prepareWriteSnapshot(db);
  const deleteUpdates = db.prepare('DELETE FROM updates WHERE review_id = ? AND seq <= ?');

  // One read transaction, so a concurrent compaction cannot be seen half done. `after`: rows already
  // held; the snapshot is read only if it covers more than them.
  const load = db.transaction((reviewId: string, after = -1) => {
    const snap = getSnapshot.get(reviewId);
    const snapshotNeeded = snap !== undefined && snap.upto_seq > after;
    const rows = getUpdates.all(reviewId, Math.max(after, snap?.upto_seq ?? 0));
    return {
      snapshot: snap && snapshotNeeded ? new Uint8Array(snap.data) : null,
      updates: rows.map((r) => ({ seq: r.seq, data: new Uint8Array(r.data) })),
      snapshotSeq: snap?.upto_seq ?? 0,
      lastSeq: rows.at(-1)?.seq ?? Math.max(after, snap?.upto_seq ?? 0),
    };
  });
  const appendBatch = db.transaction((rows: readonly LogAppend[]) =>
    rows.map(({ reviewId, update }) => {
      const data = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
      return Number(appendUpdate.run(reviewId, data).lastInsertRowid);
    }),
  );
  const commits = new GroupCommit(appendBatch);
  const compact = db.transaction((reviewId: string, snapshot: Uint8Array, uptoSeq: number) => {
    writeSnapshot.run(reviewId, Buffer.from(snapshot), uptoSeq);
    if (testHooks.crashInCompaction) process.kill(process.pid, 'SIGKILL');
    deleteUpdates.run(reviewId, uptoSeq);
  });

  return {
    seqsPerReview: false,
    async loadDocument(reviewId) {
      return load(reviewId);
    },
    async updatesAfter(reviewId, seq) {
      return load(reviewId, seq);
    },
    appendUpdate(reviewId, update) {
      return commits.append(reviewId, update);
    },
    async compact(reviewId, snapshot, uptoSeq) {
      // One process holds the file: no other instance can be compacting.
      compact(reviewId, snapshot, uptoSeq);
      return true;
    },
    settled: () => commits.settled(),
  };
}

/** The quarantine table: log rows moved there keep their bytes and the error they threw. */
export function sqliteQuarantine(db: Database.Database): UpdateQuarantine {
  const moveToQuarantine = db.prepare(
    `INSERT INTO quarantine (review_id, seq, data, error, quarantined_at)
     SELECT review_id, seq, data, ?, ? FROM updates WHERE review_id = ? AND seq = ?`,
  );
  const deleteUpdate = db.prepare('DELETE FROM updates WHERE review_id = ? AND seq = ?');
  const quarantined = db.prepare<[string], { seq: number; error: string; quarantined_at: string; byte_length: number }>(
    `SELECT seq, error, quarantined_at, length(data) AS byte_length FROM quarantine WHERE review_id = ?
     ORDER BY seq`,
  );

  const quarantine = db.transaction((reviewId: string, seq: number, error: string) => {
    moveToQuarantine.run(error, new Date().toISOString(), reviewId, seq);
    deleteUpdate.run(reviewId, seq);
  });

  return {
    async quarantineUpdate(reviewId, seq, error) {
      quarantine(reviewId, seq, error);
    },
    async quarantinedUpdates(reviewId) {
      return quarantined.all(reviewId).map((row) => ({
        seq: row.seq,
        error: row.error,
        quarantinedAt: row.quarantined_at,
        byteLength: row.byte_length,
      }));
    },
  };
}
