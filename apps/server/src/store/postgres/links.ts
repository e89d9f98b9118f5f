import type postgres from 'postgres';
import type { LinkRecord, LinkStore, RevokeOutcome, TokenRecord } from '../links';

type LinkRow = {
  id: string;
  review_id: string;
  role: string;
  label: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  personal: boolean;
};

/** Stores one token, on the pool or inside a caller's transaction (creating a review). */
export async function insertToken(sql: postgres.Sql | postgres.TransactionSql, token: TokenRecord): Promise<void> {
  await (sql as postgres.Sql)`
    INSERT INTO tokens (id, hash, review_id, role, label, created_at, expires_at, revoked_at, personal)
    VALUES (${token.id}, ${token.hash}, ${token.reviewId}, ${token.role}, ${token.label}, ${token.createdAt},
            ${token.expiresAt}, ${token.revokedAt}, ${token.personal})`;
}

/** Share links in the `tokens` table. */
export function postgresLinks(sql: postgres.Sql): LinkStore {
  const findLink = async (tx: postgres.Sql, reviewId: string, linkId: string) =>
    (
      await tx<LinkRow[]>`
        SELECT id, review_id, role, label, created_at, expires_at, revoked_at, personal FROM tokens
        WHERE review_id = ${reviewId} AND id = ${linkId}`
    )[0];

  return {
    createToken: (token) => insertToken(sql, token),
    async findToken(hash) {
      const [row] = await sql<Array<LinkRow & { hash: string }>>`
        SELECT id, hash, review_id, role, label, created_at, expires_at, revoked_at, personal FROM tokens
        WHERE hash = ${hash}`;
      return row ? { ...linkRecord(row), hash: row.hash } : null;
    },
    async listTokens(reviewId) {
      const rows = await sql<LinkRow[]>`
        SELECT id, review_id, role, label, created_at, expires_at, revoked_at, personal FROM tokens
        WHERE review_id = ${reviewId} ORDER BY created_at, position`;
      return rows.map(linkRecord);
    },
    async revokeToken(reviewId, linkId, revokedAt) {
      return sql.begin(async (t): Promise<RevokeOutcome> => {
        const tx = t as unknown as postgres.Sql;
        // Locks every link of the review (in one order, so two revocations cannot deadlock): the
        // check for another active facilitator link and the revocation are one step across instances.
        await tx`SELECT 1 FROM tokens WHERE review_id = ${reviewId} ORDER BY id FOR UPDATE`;
        const row = await findLink(tx, reviewId, linkId);
        if (!row) return { ok: false, reason: 'not_found' };
        const active = row.revoked_at === null && (row.expires_at === null || row.expires_at > revokedAt);
        if (active && row.role === 'facilitator') {
          const [{ n }] = await tx<[{ n: number }]>`
            SELECT COUNT(*)::int AS n FROM tokens WHERE review_id = ${reviewId} AND role = 'facilitator'
            AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${revokedAt})`;
          if (n <= 1) return { ok: false, reason: 'last_facilitator' };
        }
        await tx`UPDATE tokens SET revoked_at = ${revokedAt}
                 WHERE review_id = ${reviewId} AND id = ${linkId} AND revoked_at IS NULL`;
        return { ok: true, link: linkRecord((await findLink(tx, reviewId, linkId))!) };
      });
    },
  };
}

function linkRecord(row: LinkRow): LinkRecord {
  return {
    id: row.id,
    reviewId: row.review_id,
    role: row.role as LinkRecord['role'],
    label: row.label,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    personal: row.personal,
  };
}
