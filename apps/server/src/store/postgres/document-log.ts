import type postgres from 'postgres';
import type { DocumentLog, StoredDocument, UpdateQuarantine } from '../document-log';
import { GroupCommit, type LogAppend } from '../group-commit';
import type { DocumentLogTestHooks } from '../sqlite/document-log';
import { classifyUnavailable } from '../unavailable';
import { bytes, int } from './columns';
import { isPostgresUnavailable } from './unavailable';

/**
 * How long a group of appends may wait for the database before its edits are refused (1011
 * `database unavailable`): far above a commit's normal time (p99 well under a second), far below
 * the minutes TCP takes to give up on a database whose packets are dropped.
 */
const APPEND_DEADLINE_MS = 15_000;

/** First key of the compaction lease's advisory locks (the second is the review's hash). */
export const COMPACTION_LOCK_SPACE = 0x68736331;

/** Array type oids (text[], int8[], bytea[]): the driver sends each array as one parameter of that type. */
const TEXT_ARRAY = 1009;
const INT8_ARRAY = 1016;
const BYTEA_ARRAY = 1001;

/** Rows per append statement: its three arrays are three bind parameters, whatever their length. */
const APPEND_CHUNK = 5_000;

/**
 * The document log in the `snapshots` and `updates` tables. Each review numbers its own updates:
 * an append takes the next numbers from `reviews.last_seq` (UPDATE … RETURNING) in the statement
 * that inserts the rows, so a review's seqs are dense and in commit order, whichever instance wrote
 * them. Appends go through a group commit: those of one event-loop turn share one statement.
 */
export function postgresDocumentLog(
  sql: postgres.Sql,
  testHooks: DocumentLogTestHooks = {},
  appendDeadlineMs = APPEND_DEADLINE_MS,
): DocumentLog & { settled(): Promise<void> } {
  // One statement, committed on its own: one round trip and one commit for the whole batch. A batch
  // too large for one statement's parameters is split over statements in one transaction.
  const appendBatch = async (rows: readonly LogAppend[]) => {
    if (rows.length <= APPEND_CHUNK) return appendRows(sql, rows);
    return sql.begin(async (t) => {
      const tx = t as unknown as postgres.Sql;
      const seqs: number[] = [];
      for (let i = 0; i < rows.length; i += APPEND_CHUNK)
        seqs.push(...(await appendRows(tx, rows.slice(i, i + APPEND_CHUNK))));
      return seqs;
    });
  };
  // Typed here already, not only by the store's wrapper: the group commit must tell a database that
  // is down (fail the whole batch at once) from one bad row (retry the rows one by one).
  const commits = new GroupCommit(
    (rows) =>
      appendBatch(rows).catch((err: unknown) => Promise.reject(classifyUnavailable(err, isPostgresUnavailable))),
    appendDeadlineMs,
  );

  return {
    seqsPerReview: true,
    loadDocument: (reviewId) => readAfter(sql, reviewId, -1),
    updatesAfter: (reviewId, seq) => readAfter(sql, reviewId, seq),
    appendUpdate(reviewId, update) {
      return commits.append(reviewId, update);
    },
    async compact(reviewId, snapshot, uptoSeq) {
      return sql.begin(async (t) => {
        const tx = t as unknown as postgres.Sql;
        // The review's compaction lease, held until this transaction ends: one instance at a time
        // compacts a review; the others skip and retry at their next compaction.
        const [lease] = await tx<Array<{ held: boolean }>>`
          SELECT pg_try_advisory_xact_lock(${COMPACTION_LOCK_SPACE}, hashtext(${reviewId})) AS held`;
        if (!lease?.held) return false;
        // Never replaces a snapshot that already covers more (another instance compacted further):
        // the rows it folded in are gone, so going back would lose them.
        const kept = await tx`
          INSERT INTO snapshots (review_id, data, upto_seq) VALUES (${reviewId}, ${bytes(snapshot)}, ${uptoSeq})
          ON CONFLICT (review_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq
          WHERE snapshots.upto_seq <= excluded.upto_seq
          RETURNING 1`;
        // Dies mid-transaction: PostgreSQL rolls it back, so the old snapshot and log stay whole.
        if (testHooks.crashInCompaction) process.kill(process.pid, 'SIGKILL');
        if (kept.length > 0) await tx`DELETE FROM updates WHERE review_id = ${reviewId} AND seq <= ${uptoSeq}`;
        return true;
      });
    },
    settled: () => commits.settled(),
  };
}

/**
 * Appends `rows` in one statement, so all or none of them are stored, and returns their seqs in
 * order. It locks the reviews' counter rows in id order first (batches on two instances queue
 * instead of deadlocking), takes each review's next numbers from `last_seq`, and inserts the rows
 * numbered on from there in the order given. Should a review be missing, it changes nothing and throws.
 */
async function appendRows(sql: postgres.Sql, rows: readonly LogAppend[]): Promise<number[]> {
  // Each row's place among its review's rows in this batch: its seq is the review's last one plus this.
  const counts = new Map<string, number>();
  const places = rows.map(({ reviewId }) => {
    const place = (counts.get(reviewId) ?? 0) + 1;
    counts.set(reviewId, place);
    return place;
  });
  const reviewIds = rows.map((row) => row.reviewId);
  const data = sql.array(
    rows.map((row) => bytes(row.update)),
    BYTEA_ARRAY,
  );
  const inserted = await sql<Array<{ review_id: string; seq: string }>>`
    WITH batch AS (
      SELECT * FROM unnest(${sql.array(reviewIds, TEXT_ARRAY)}, ${sql.array(places, INT8_ARRAY)},
                           ${data})
        AS b (review_id, place, data)
    ), counts AS (
      SELECT review_id, count(*) AS n FROM batch GROUP BY review_id
    ), locked AS (
      SELECT id FROM reviews WHERE id IN (SELECT review_id FROM counts) ORDER BY id FOR UPDATE
    ), bumped AS (
      UPDATE reviews r SET last_seq = r.last_seq + counts.n FROM counts
      WHERE r.id = counts.review_id AND (SELECT count(*) FROM locked) = (SELECT count(*) FROM counts)
      RETURNING r.id, r.last_seq - counts.n AS before
    )
    INSERT INTO updates (review_id, seq, data)
    SELECT batch.review_id, bumped.before + batch.place, batch.data FROM batch JOIN bumped ON bumped.id = batch.review_id
    RETURNING review_id, seq`;
  if (inserted.length < rows.length) {
    const found = new Set(inserted.map((row) => row.review_id));
    throw new Error(`no review ${reviewIds.find((id) => !found.has(id))}`);
  }
  // Each review's first seq here is its smallest returned one: the others follow it by place.
  const first = new Map<string, number>();
  for (const row of inserted) first.set(row.review_id, Math.min(first.get(row.review_id) ?? Infinity, int(row.seq)));
  return rows.map((row, i) => first.get(row.reviewId)! + places[i]! - 1);
}

/**
 * The review's document after row `after` (-1: all of it, as loadDocument): the rows beyond it, and
 * the snapshot when it covers more than `after`. One statement, so one snapshot of the database for
 * both tables (a concurrent compaction is never seen half done) in one round trip. Its first row,
 * when the review has a snapshot, is the snapshot's (`part` 0: its seq, and its bytes if needed).
 */
async function readAfter(sql: postgres.Sql, reviewId: string, after: number): Promise<StoredDocument> {
  const rows = await sql<Array<{ part: number; seq: string; data: Buffer | null }>>`
    WITH snap AS (SELECT upto_seq, data FROM snapshots WHERE review_id = ${reviewId})
    SELECT 0 AS part, upto_seq AS seq, CASE WHEN upto_seq > ${after} THEN data END AS data FROM snap
    UNION ALL
    SELECT 1, seq, data FROM updates
    WHERE review_id = ${reviewId} AND seq > GREATEST(${after}, COALESCE((SELECT upto_seq FROM snap), 0))
    ORDER BY part, seq`;
  const snap = rows[0]?.part === 0 ? rows[0] : undefined;
  const snapshotSeq = snap ? int(snap.seq) : 0;
  const updates = rows.slice(snap ? 1 : 0).map((r) => ({ seq: int(r.seq), data: new Uint8Array(r.data!) }));
  return {
    snapshot: snap?.data ? new Uint8Array(snap.data) : null,
    updates,
    snapshotSeq,
    lastSeq: updates.at(-1)?.seq ?? Math.max(after, snapshotSeq),
  };
}

/** The quarantine table: log rows moved there keep their bytes and the error they threw. */
export function postgresQuarantine(sql: postgres.Sql): UpdateQuarantine {
  return {
    async quarantineUpdate(reviewId, seq, error) {
      // One statement: the row leaves the log and lands in quarantine atomically, and a second call
      // (or another instance) finds nothing to move.
      await sql`
        WITH moved AS (DELETE FROM updates WHERE review_id = ${reviewId} AND seq = ${seq} RETURNING review_id, seq, data)
        INSERT INTO quarantine (review_id, seq, data, error, quarantined_at)
        SELECT review_id, seq, data, ${error}, ${new Date().toISOString()} FROM moved`;
    },
    async quarantinedUpdates(reviewId) {
      const rows = await sql<Array<{ seq: string; error: string; quarantined_at: string; byte_length: number }>>`
        SELECT seq, error, quarantined_at, length(data) AS byte_length FROM quarantine
        WHERE review_id = ${reviewId} ORDER BY seq`;
      return rows.map((row) => ({
        seq: int(row.seq),
        error: row.error,
        quarantinedAt: row.quarantined_at,
        byteLength: row.byte_length,
      }));
    },
  };
}
