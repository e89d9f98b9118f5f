import type postgres from 'postgres';
import type { DocumentLog, StoredDocument, UpdateQuarantine } from '../document-log';
import { GroupCommit, type LogAppend } from '../group-commit';
import type { DocumentLogTestHooks } from '../sqlite/document-log';
import { bytes, int } from './columns';

/** First key of the compaction lease's advisory locks (the second is the review's hash). */
export const COMPACTION_LOCK_SPACE = 0x68736331;

/** Rows per INSERT statement: far below PostgreSQL's 65535 bind parameters (three per row). */
const INSERT_CHUNK = 5_000;

/**
 * The document log in the `snapshots` and `updates` tables. Each review numbers its own updates:
 * an append takes the next numbers from `reviews.last_seq` (UPDATE … RETURNING) in the transaction
 * that inserts the rows, so a review's seqs are dense and in commit order, whichever instance wrote
 * them. Appends go through a group commit: those of one event-loop turn share one transaction.
 */
export function postgresDocumentLog(
  sql: postgres.Sql,
  testHooks: DocumentLogTestHooks = {},
): DocumentLog & { settled(): Promise<void> } {
  const appendBatch = (rows: readonly LogAppend[]) =>
    sql.begin(async (t) => {
      const tx = t as unknown as postgres.Sql;
      const counts = new Map<string, number>();
      for (const { reviewId } of rows) counts.set(reviewId, (counts.get(reviewId) ?? 0) + 1);
      // One UPDATE per review, pipelined, in id order: batches on two instances lock the reviews'
      // counter rows in the same order, so they queue instead of deadlocking.
      const ids = [...counts.keys()].sort();
      const last = await Promise.all(
        ids.map(
          (id) =>
            tx<Array<{ last_seq: string }>>`UPDATE reviews SET last_seq = last_seq + ${counts.get(id)!}
                                            WHERE id = ${id} RETURNING last_seq`,
        ),
      );
      const next = new Map<string, number>();
      ids.forEach((id, i) => {
        const row = last[i]![0];
        if (!row) throw new Error(`no review ${id}`);
        next.set(id, int(row.last_seq) - counts.get(id)! + 1);
      });
      const seqs = rows.map(({ reviewId }) => {
        const seq = next.get(reviewId)!;
        next.set(reviewId, seq + 1);
        return seq;
      });
      const values = rows.map((r, i) => ({ review_id: r.reviewId, seq: seqs[i]!, data: bytes(r.update) }));
      for (let i = 0; i < values.length; i += INSERT_CHUNK) {
        await tx`INSERT INTO updates ${tx(values.slice(i, i + INSERT_CHUNK), 'review_id', 'seq', 'data')}`;
      }
      return seqs;
    });
  const commits = new GroupCommit(appendBatch);

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
 * The review's document after row `after` (-1: all of it, as loadDocument): the rows beyond it, and
 * the snapshot when it covers more than `after`. One snapshot of the database for both reads, so a
 * concurrent compaction is never seen half done.
 */
function readAfter(sql: postgres.Sql, reviewId: string, after: number): Promise<StoredDocument> {
  return sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (t) => {
    const tx = t as unknown as postgres.Sql;
    const [meta] = await tx<Array<{ upto_seq: string }>>`SELECT upto_seq FROM snapshots WHERE review_id = ${reviewId}`;
    const snapshotSeq = meta ? int(meta.upto_seq) : 0;
    const snapshotNeeded = meta !== undefined && snapshotSeq > after;
    const [snap] = snapshotNeeded
      ? await tx<Array<{ data: Buffer }>>`SELECT data FROM snapshots WHERE review_id = ${reviewId}`
      : [];
    const from = Math.max(after, snapshotSeq);
    const rows = await tx<Array<{ seq: string; data: Buffer }>>`
      SELECT seq, data FROM updates WHERE review_id = ${reviewId} AND seq > ${from} ORDER BY seq`;
    const updates = rows.map((r) => ({ seq: int(r.seq), data: new Uint8Array(r.data) }));
    return {
      snapshot: snap ? new Uint8Array(snap.data) : null,
      updates,
      snapshotSeq,
      lastSeq: updates.at(-1)?.seq ?? from,
    };
  });
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
