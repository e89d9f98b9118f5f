import type Database from 'better-sqlite3';
import type { LinkRecord, LinkStore, RevokeOutcome, TokenRecord } from '../links';

type LinkRow = {
  id: string;
  review_id: string;
  role: string;
  label: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  personal: number | null;
};

/** The statement that stores one token; creating a review prepares it too, for its own transaction. */
export function prepareInsertToken(db: Database.Database): (token: TokenRecord) => void {
  const insert = db.prepare(
    `INSERT INTO tokens (id, hash, review_id, role, label, created_at, expires_at, revoked_at, personal)
     VALUES (@id, @hash, @reviewId, @role, @label, @createdAt, @expiresAt, @revokedAt, @personal)`,
  );
  // SQLite binds no booleans.
  return (token) => insert.run({ ...token, personal: token.personal ? 1 : 0 });
}

/** Share links in the `tokens` table. */
export function sqliteLinks(db: Database.Database): LinkStore {
  const insertToken = prepareInsertToken(db);
  const findToken = db.prepare<[string], LinkRow & { hash: string }>(
    'SELECT id, hash, review_id, role, label, created_at, expires_at, revoked_at, personal FROM tokens WHERE hash = ?',
  );
  const listTokens = db.prepare<[string], LinkRow>(
    `SELECT id, review_id, role, label, created_at, expires_at, revoked_at, personal FROM tokens WHERE review_id = ?
     ORDER BY created_at, rowid`,
  );
  const findLink = db.prepare<[string, string], LinkRow>(
    'SELECT id, review_id, role, label, created_at, expires_at, revoked_at, personal FROM tokens WHERE review_id = ? AND id = ?',
  );
  const countActiveOfRole = db.prepare<[string, string, string], { n: number }>(
    `SELECT COUNT(*) AS n FROM tokens WHERE review_id = ? AND role = ? AND revoked_at IS NULL
     AND (expires_at IS NULL OR expires_at > ?)`,
  );
  const revokeLink = db.prepare(
    'UPDATE tokens SET revoked_at = ? WHERE review_id = ? AND id = ? AND revoked_at IS NULL',
  );

  // Run IMMEDIATE (see `revokeToken`): the check for another active facilitator link and the
  // revocation are one step.
  const revoke = db.transaction((reviewId: string, linkId: string, revokedAt: string): RevokeOutcome => {
    const row = findLink.get(reviewId, linkId);
    if (!row) return { ok: false, reason: 'not_found' };
    const active = row.revoked_at === null && (row.expires_at === null || row.expires_at > revokedAt);
    if (active && row.role === 'facilitator') {
      const facilitators = countActiveOfRole.get(reviewId, 'facilitator', revokedAt)?.n ?? 0;
      if (facilitators <= 1) return { ok: false, reason: 'last_facilitator' };
    }
    revokeLink.run(revokedAt, reviewId, linkId);
    return { ok: true, link: linkRecord(findLink.get(reviewId, linkId)!) };
  });

  return {
    async createToken(token) {
      insertToken(token);
    },
    async findToken(hash) {
      const row = findToken.get(hash);
      return row ? { ...linkRecord(row), hash: row.hash } : null;
    },
    async listTokens(reviewId) {
      return listTokens.all(reviewId).map(linkRecord);
    },
    async revokeToken(reviewId, linkId, revokedAt) {
      return revoke.immediate(reviewId, linkId, revokedAt);
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
    personal: row.personal === 1,
  };
}
