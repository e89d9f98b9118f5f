import type Database from 'better-sqlite3';
import type { FindingCategory } from '@hindsight/review';
import type { AnonymousFindingRecord, AnonymousFindingStore, HeldFinding } from '../anonymous';

type AnonymousRow = {
  review_id: string;
  id: string;
  secret_hash: string;
  held: number;
  category: string | null;
  text: string | null;
  created_at: string;
  release_at: string | null;
  pending_change: string | null;
};

/** Anonymous findings in the `anonymous_findings` table. */
export function sqliteAnonymousFindings(db: Database.Database): AnonymousFindingStore {
  const insert = db.prepare(
    `INSERT INTO anonymous_findings (review_id, id, secret_hash, held, category, text, created_at, release_at, pending_change)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const find = db.prepare<[string, string], AnonymousRow>(
    'SELECT * FROM anonymous_findings WHERE review_id = ? AND id = ?',
  );
  const updateHeld = db.prepare(
    `UPDATE anonymous_findings SET text = COALESCE(?, text), category = COALESCE(?, category)
     WHERE review_id = ? AND id = ? AND held = 1`,
  );
  const heldAll = db.prepare<[string], AnonymousRow>(
    'SELECT * FROM anonymous_findings WHERE review_id = ? AND held = 1 ORDER BY id',
  );
  const countHeld = db.prepare<[string], { n: number }>(
    'SELECT COUNT(*) AS n FROM anonymous_findings WHERE review_id = ? AND held = 1',
  );
  // Claimed: held, and unclaimed or claimed with a lapsed lease (the upsert's WHERE).
  const claim = db.prepare<[string, string, string, string, string], { id: string }>(
    `INSERT INTO anonymous_claims (review_id, id, claimed_by, claim_until)
     SELECT review_id, id, ?, ? FROM anonymous_findings WHERE review_id = ? AND id = ? AND held = 1
     ON CONFLICT (review_id, id) DO UPDATE SET claimed_by = excluded.claimed_by, claim_until = excluded.claim_until
     WHERE anonymous_claims.claim_until < ? RETURNING id`,
  );
  const unclaim = db.prepare<[string, string, string], { id: string }>(
    'DELETE FROM anonymous_claims WHERE review_id = ? AND id = ? AND claimed_by = ? RETURNING id',
  );
  const markPublished = db.prepare(
    `UPDATE anonymous_findings SET held = 0, text = NULL, category = NULL, release_at = NULL
     WHERE review_id = ? AND id = ? AND held = 1`,
  );
  const lapsedClaims = db.prepare<[string], { review_id: string; id: string }>(
    `SELECT c.review_id, c.id FROM anonymous_claims c JOIN anonymous_findings f USING (review_id, id)
     WHERE f.held = 1 AND c.claim_until < ? ORDER BY c.review_id, c.id`,
  );
  const remove = db.prepare('DELETE FROM anonymous_findings WHERE review_id = ? AND id = ?');
  const pendingReleases = db.prepare<[string | null, string | null], { review_id: string; id: string }>(
    `SELECT review_id, id FROM anonymous_findings WHERE release_at IS NOT NULL AND (? IS NULL OR release_at < ?)
     ORDER BY review_id, id`,
  );
  // A deletion wins over an edit; an edit's words merge into those of a waiting edit.
  const holdEdit = db.prepare(
    `UPDATE anonymous_findings SET text = COALESCE(?, text), category = COALESCE(?, category), release_at = ?,
     pending_change = 'edit' WHERE review_id = ? AND id = ? AND held = 0 AND pending_change IS NOT 'delete'`,
  );
  const holdDelete = db.prepare(
    `UPDATE anonymous_findings SET text = NULL, category = NULL, release_at = ?, pending_change = 'delete'
     WHERE review_id = ? AND id = ? AND held = 0`,
  );
  const pendingChanges = db.prepare<[string], AnonymousRow>(
    'SELECT * FROM anonymous_findings WHERE review_id = ? AND held = 0 AND pending_change IS NOT NULL ORDER BY id',
  );
  const clearChange = db.prepare(
    `UPDATE anonymous_findings SET text = NULL, category = NULL, release_at = NULL, pending_change = NULL
     WHERE review_id = ? AND id = ? AND held = 0`,
  );
  const clearChanges = db.transaction((reviewId: string, ids: readonly string[]) => {
    for (const id of ids) clearChange.run(reviewId, id);
  });

  const hold = db.transaction((r: AnonymousFindingRecord, maxHeld: number | undefined) => {
    if (maxHeld !== undefined && (countHeld.get(r.reviewId)?.n ?? 0) >= maxHeld) return false;
    insert.run(
      r.reviewId,
      r.id,
      r.secretHash,
      r.held ? 1 : 0,
      r.category,
      r.text,
      r.createdAt,
      r.releaseAt,
      r.pendingChange,
    );
    return true;
  });
  // One immediate transaction each: the claim's check and write cannot interleave with another's.
  const claimAll = db.transaction((reviewId: string, ids: readonly string[], instanceId: string, leaseMs: number) => {
    const now = Date.now();
    const until = new Date(now + leaseMs).toISOString();
    const at = new Date(now).toISOString();
    return ids
      .flatMap((id) => claim.all(instanceId, until, reviewId, id, at))
      .map((row) => heldFinding(find.get(reviewId, row.id)!));
  });
  const publish = db.transaction((reviewId: string, ids: readonly string[], instanceId: string) =>
    ids
      .flatMap((id) => unclaim.all(reviewId, id, instanceId))
      .filter((row) => markPublished.run(reviewId, row.id).changes > 0)
      .map((row) => row.id),
  );
  /**
   * After words are forgotten (published, replaced or withdrawn): secure_delete zeroes them in the
   * database file, but the write-ahead log still holds every page image that carried them until it
   * is reused. Checkpointing with TRUNCATE copies the log into the file and empties it.
   */
  const dropWordsFromLog = () => db.pragma('wal_checkpoint(TRUNCATE)');

  return {
    async holdAnonymousFinding(r, maxHeld) {
      return hold.immediate(r, maxHeld);
    },
    async findAnonymousFinding(reviewId, id) {
      const row = find.get(reviewId, id);
      return row ? anonymousRecord(row) : null;
    },
    async updateHeldFinding(reviewId, id, patch) {
      updateHeld.run(patch.text ?? null, patch.category ?? null, reviewId, id);
      dropWordsFromLog();
    },
    async heldFindings(reviewId) {
      return heldAll.all(reviewId).map(heldFinding);
    },
    async countHeldFindings(reviewId) {
      return countHeld.get(reviewId)?.n ?? 0;
    },
    async claimForPublishing(reviewId, ids, instanceId, leaseMs) {
      return claimAll.immediate(reviewId, ids, instanceId, leaseMs).sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    async markPublished(reviewId, ids, instanceId) {
      const published = publish.immediate(reviewId, ids, instanceId);
      dropWordsFromLog();
      return published.sort();
    },
    async lapsedClaims() {
      return lapsedClaims.all(new Date().toISOString()).map((row) => ({ reviewId: row.review_id, id: row.id }));
    },
    async deleteAnonymousFinding(reviewId, id) {
      remove.run(reviewId, id);
      dropWordsFromLog();
    },
    async holdChange(reviewId, id, change, since) {
      if (change.kind === 'delete') holdDelete.run(since, reviewId, id);
      else holdEdit.run(change.text ?? null, change.category ?? null, since, reviewId, id);
      dropWordsFromLog();
    },
    async pendingChanges(reviewId) {
      return pendingChanges
        .all(reviewId)
        .map((row) =>
          row.pending_change === 'delete'
            ? { id: row.id, kind: 'delete' as const }
            : { id: row.id, kind: 'edit' as const, text: row.text, category: row.category as FindingCategory | null },
        );
    },
    async clearChanges(reviewId, ids) {
      clearChanges(reviewId, ids);
      dropWordsFromLog();
    },
    async pendingReleases(waitingBefore) {
      return pendingReleases
        .all(waitingBefore ?? null, waitingBefore ?? null)
        .map((row) => ({ reviewId: row.review_id, id: row.id }));
    },
  };
}

function heldFinding(row: AnonymousRow): HeldFinding {
  return { id: row.id, category: row.category as FindingCategory, text: row.text ?? '', createdAt: row.created_at };
}

function anonymousRecord(row: AnonymousRow): AnonymousFindingRecord {
  return {
    reviewId: row.review_id,
    id: row.id,
    secretHash: row.secret_hash,
    held: row.held === 1,
    category: row.category as FindingCategory | null,
    text: row.text,
    createdAt: row.created_at,
    releaseAt: row.release_at,
    pendingChange: row.pending_change as 'edit' | 'delete' | null,
  };
}
