import type postgres from 'postgres';
import type { FindingCategory } from '@hindsight/review';
import type { AnonymousFindingRecord, AnonymousFindingStore, HeldFinding } from '../anonymous';

type AnonymousRow = {
  review_id: string;
  id: string;
  secret_hash: string;
  held: boolean;
  category: string | null;
  text: string | null;
  created_at: string;
  release_at: string | null;
  pending_change: string | null;
};

/** First key of the advisory locks that serialise a review's posts against the held cap (the second: the review's hash). */
export const HELD_LOCK_SPACE = 0x68736832;

/** Anonymous findings in the `anonymous_findings` table. */
export function postgresAnonymousFindings(sql: postgres.Sql): AnonymousFindingStore {
  /**
   * After words are forgotten (published, replaced or withdrawn). PostgreSQL has no secure_delete:
   * an UPDATE or DELETE leaves the old row version (the words) as a dead tuple until VACUUM frees
   * it, so vacuum the table now, where the SQLite backend truncates its write-ahead log. The WAL
   * segments keep the words until they are recycled (docs/SECURITY.md says so). TRUNCATE false:
   * shrinking the file would need an exclusive lock that stalls other writers for up to 5 s.
   */
  const dropWords = async () => {
    await sql`VACUUM (TRUNCATE false) anonymous_findings`;
  };

  return {
    async holdAnonymousFinding(r, maxHeld) {
      return sql.begin(async (tx) => {
        if (maxHeld !== undefined) {
          // Posts to one review count and insert one at a time, on every instance (posts to others do not wait).
          await tx`SELECT pg_advisory_xact_lock(${HELD_LOCK_SPACE}, hashtext(${r.reviewId}))`;
          const [row] = await tx<[{ n: number }]>`
            SELECT COUNT(*)::int AS n FROM anonymous_findings WHERE review_id = ${r.reviewId} AND held`;
          if (row.n >= maxHeld) return false;
        }
        await tx`
          INSERT INTO anonymous_findings (review_id, id, secret_hash, held, category, text, created_at, release_at, pending_change)
          VALUES (${r.reviewId}, ${r.id}, ${r.secretHash}, ${r.held}, ${r.category}, ${r.text}, ${r.createdAt},
                  ${r.releaseAt}, ${r.pendingChange})`;
        return true;
      });
    },
    async findAnonymousFinding(reviewId, id) {
      const [row] = await sql<
        AnonymousRow[]
      >`SELECT * FROM anonymous_findings WHERE review_id = ${reviewId} AND id = ${id}`;
      return row ? anonymousRecord(row) : null;
    },
    async updateHeldFinding(reviewId, id, patch) {
      await sql`
        UPDATE anonymous_findings SET text = COALESCE(${patch.text ?? null}, text), category = COALESCE(${patch.category ?? null}, category)
        WHERE review_id = ${reviewId} AND id = ${id} AND held`;
      await dropWords();
    },
    async heldFindings(reviewId) {
      const rows = await sql<AnonymousRow[]>`
        SELECT * FROM anonymous_findings WHERE review_id = ${reviewId} AND held ORDER BY id`;
      return rows.map(heldFinding);
    },
    async countHeldFindings(reviewId) {
      const [row] = await sql<[{ n: number }]>`
        SELECT COUNT(*)::int AS n FROM anonymous_findings WHERE review_id = ${reviewId} AND held`;
      return row.n;
    },
    async claimForPublishing(reviewId, ids, instanceId, leaseMs) {
      // A racing claim of the same row waits on the conflict, then sees the committed claim: only a
      // lapsed one is taken over. The words are read after, by a statement that sees every commit.
      const rows = await sql.begin(async (tx) => {
        const claimed = await tx<Array<{ id: string }>>`
          INSERT INTO anonymous_claims (review_id, id, claimed_by, claim_until)
          SELECT review_id, id, ${instanceId}, now() + ${leaseMs} * interval '1 millisecond'
          FROM anonymous_findings WHERE review_id = ${reviewId} AND id = ANY(${ids as string[]}) AND held
          ON CONFLICT (review_id, id) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, claim_until = EXCLUDED.claim_until
          WHERE anonymous_claims.claim_until < now()
          RETURNING id`;
        return tx<AnonymousRow[]>`
          SELECT * FROM anonymous_findings
          WHERE review_id = ${reviewId} AND id = ANY(${claimed.map((row) => row.id)}) AND held ORDER BY id`;
      });
      return rows.map(heldFinding);
    },
    async markPublished(reviewId, ids, instanceId) {
      // A state transition guarded in the WHERE: a finding turns from held to published once, by its claimant.
      const rows = await sql<Array<{ id: string }>>`
        WITH mine AS (
          DELETE FROM anonymous_claims
          WHERE review_id = ${reviewId} AND id = ANY(${ids as string[]}) AND claimed_by = ${instanceId}
          RETURNING id)
        UPDATE anonymous_findings SET held = FALSE, text = NULL, category = NULL, release_at = NULL
        WHERE review_id = ${reviewId} AND id IN (SELECT id FROM mine) AND held
        RETURNING id`;
      await dropWords();
      return rows.map((row) => row.id).sort();
    },
    async lapsedClaims() {
      const rows = await sql<Array<{ review_id: string; id: string }>>`
        SELECT c.review_id, c.id FROM anonymous_claims c JOIN anonymous_findings f USING (review_id, id)
        WHERE f.held AND c.claim_until < now() ORDER BY c.review_id, c.id`;
      return rows.map((row) => ({ reviewId: row.review_id, id: row.id }));
    },
    async deleteAnonymousFinding(reviewId, id) {
      await sql`DELETE FROM anonymous_findings WHERE review_id = ${reviewId} AND id = ${id}`;
      await dropWords();
    },
    async holdChange(reviewId, id, change, since) {
      if (change.kind === 'delete') {
        await sql`
          UPDATE anonymous_findings SET text = NULL, category = NULL, release_at = ${since}, pending_change = 'delete'
          WHERE review_id = ${reviewId} AND id = ${id} AND NOT held`;
      } else {
        // A deletion wins over an edit; an edit's words merge into those of a waiting edit.
        await sql`
          UPDATE anonymous_findings SET text = COALESCE(${change.text ?? null}, text),
            category = COALESCE(${change.category ?? null}, category), release_at = ${since}, pending_change = 'edit'
          WHERE review_id = ${reviewId} AND id = ${id} AND NOT held AND pending_change IS DISTINCT FROM 'delete'`;
      }
      await dropWords();
    },
    async pendingChanges(reviewId) {
      const rows = await sql<AnonymousRow[]>`
        SELECT * FROM anonymous_findings WHERE review_id = ${reviewId} AND NOT held AND pending_change IS NOT NULL
        ORDER BY id`;
      return rows.map((row) =>
        row.pending_change === 'delete'
          ? { id: row.id, kind: 'delete' as const }
          : { id: row.id, kind: 'edit' as const, text: row.text, category: row.category as FindingCategory | null },
      );
    },
    async clearChanges(reviewId, ids) {
      await sql`
        UPDATE anonymous_findings SET text = NULL, category = NULL, release_at = NULL, pending_change = NULL
        WHERE review_id = ${reviewId} AND id = ANY(${ids as string[]}) AND NOT held`;
      await dropWords();
    },
    async pendingReleases(waitingBefore) {
      const rows = await sql<Array<{ review_id: string; id: string }>>`
        SELECT review_id, id FROM anonymous_findings
        WHERE release_at IS NOT NULL AND (${waitingBefore ?? null}::text IS NULL OR release_at < ${waitingBefore ?? null})
        ORDER BY review_id, id`;
      return rows.map((row) => ({ reviewId: row.review_id, id: row.id }));
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
    held: row.held,
    category: row.category as FindingCategory | null,
    text: row.text,
    createdAt: row.created_at,
    releaseAt: row.release_at,
    pendingChange: row.pending_change as 'edit' | 'delete' | null,
  };
}
