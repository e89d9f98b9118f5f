import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FindingCategory } from '@hindsight/review';
import type {
  AnonymousFindingRecord,
  HeldFinding,
  LinkRecord,
  ParticipantRecord,
  QuarantinedUpdate,
  ReviewRecord,
  RevokeOutcome,
  StoredDocument,
  Store,
  TokenRecord,
  VoteChange,
  VoteLimits,
} from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reviews (
  id TEXT PRIMARY KEY,
  severity TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- The last four columns came later: migrate() adds them to older files (id then filled in).
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  review_id TEXT NOT NULL REFERENCES reviews(id),
  role TEXT NOT NULL,
  created_at TEXT NOT NULL,
  id TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  label TEXT
);
CREATE INDEX IF NOT EXISTS tokens_review ON tokens(review_id);
CREATE TABLE IF NOT EXISTS snapshots (
  review_id TEXT PRIMARY KEY REFERENCES reviews(id),
  data BLOB NOT NULL,
  upto_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  review_id TEXT NOT NULL REFERENCES reviews(id),
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_review ON updates(review_id, seq);
-- Log rows that threw on apply, moved out of updates so that no compaction deletes them. Came later:
-- CREATE IF NOT EXISTS adds it to older files.
CREATE TABLE IF NOT EXISTS quarantine (
  review_id TEXT NOT NULL REFERENCES reviews(id),
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  error TEXT NOT NULL,
  quarantined_at TEXT NOT NULL,
  PRIMARY KEY (review_id, seq)
);
CREATE TABLE IF NOT EXISTS participants (
  id TEXT PRIMARY KEY,
  review_id TEXT NOT NULL REFERENCES reviews(id),
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  created_at TEXT NOT NULL,
  link_id TEXT
);
CREATE TABLE IF NOT EXISTS votes (
  review_id TEXT NOT NULL REFERENCES reviews(id),
  participant_id TEXT NOT NULL REFERENCES participants(id),
  candidate_id TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (review_id, participant_id, candidate_id)
);
-- No author, no participant: the secret's hash is all that ties a finding to whoever holds the
-- secret. WITHOUT ROWID orders rows by their random ids, not by arrival.
CREATE TABLE IF NOT EXISTS anonymous_findings (
  review_id TEXT NOT NULL REFERENCES reviews(id),
  id TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  held INTEGER NOT NULL,
  category TEXT,
  text TEXT,
  created_at TEXT NOT NULL,
  release_at TEXT,
  PRIMARY KEY (review_id, id)
) WITHOUT ROWID;
`;

/**
 * Columns added since the first release, per table: `migrate()` adds whichever an existing file
 * lacks. Only nullable columns can be added to a table that has rows.
 */
const ADDED_COLUMNS: Record<string, Array<[name: string, type: string]>> = {
  tokens: [
    ['id', 'TEXT'],
    ['expires_at', 'TEXT'],
    ['revoked_at', 'TEXT'],
    ['label', 'TEXT'],
  ],
  participants: [['link_id', 'TEXT']],
};

/** An id for a link migrated from before links had ids: the shape `mintLinkId` (auth/tokens) makes. */
function mintLinkId(): string {
  return randomBytes(12).toString('base64url');
}

type TokenRow = {
  id: string;
  hash: string;
  review_id: string;
  role: string;
  label: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
};

type AnonymousRow = {
  review_id: string;
  id: string;
  secret_hash: string;
  held: number;
  category: string | null;
  text: string | null;
  created_at: string;
  release_at: string | null;
};

/** The embedded default store: one SQLite file in WAL mode with synchronous commits. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a commit is fsynced before it returns, so an acknowledged update survives a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Deleted content (a held finding's words once published or withdrawn) is overwritten, not left in free pages.
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
    this.migrate();
    this.stmts = {
      insertReview: this.db.prepare('INSERT INTO reviews (id, severity, created_at) VALUES (?, ?, ?)'),
      insertToken: this.db.prepare(
        `INSERT INTO tokens (id, hash, review_id, role, label, created_at, expires_at, revoked_at)
         VALUES (@id, @hash, @reviewId, @role, @label, @createdAt, @expiresAt, @revokedAt)`,
      ),
      getReview: this.db.prepare<[string], { id: string; severity: string; created_at: string }>(
        'SELECT id, severity, created_at FROM reviews WHERE id = ?',
      ),
      findToken: this.db.prepare<[string], TokenRow>(
        'SELECT id, hash, review_id, role, label, created_at, expires_at, revoked_at FROM tokens WHERE hash = ?',
      ),
      listTokens: this.db.prepare<[string], Omit<TokenRow, 'hash'>>(
        `SELECT id, review_id, role, label, created_at, expires_at, revoked_at FROM tokens WHERE review_id = ?
         ORDER BY created_at, rowid`,
      ),
      findLink: this.db.prepare<[string, string], Omit<TokenRow, 'hash'>>(
        'SELECT id, review_id, role, label, created_at, expires_at, revoked_at FROM tokens WHERE review_id = ? AND id = ?',
      ),
      countActiveOfRole: this.db.prepare<[string, string, string], { n: number }>(
        `SELECT COUNT(*) AS n FROM tokens WHERE review_id = ? AND role = ? AND revoked_at IS NULL
         AND (expires_at IS NULL OR expires_at > ?)`,
      ),
      revokeLink: this.db.prepare(
        'UPDATE tokens SET revoked_at = ? WHERE review_id = ? AND id = ? AND revoked_at IS NULL',
      ),
      getSnapshot: this.db.prepare<[string], { data: Buffer; upto_seq: number }>(
        'SELECT data, upto_seq FROM snapshots WHERE review_id = ?',
      ),
      getUpdates: this.db.prepare<[string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE review_id = ? AND seq > ? ORDER BY seq',
      ),
      appendUpdate: this.db.prepare('INSERT INTO updates (review_id, data) VALUES (?, ?)'),
      upsertSnapshot: this.db.prepare(
        `INSERT INTO snapshots (review_id, data, upto_seq) VALUES (?, ?, ?)
         ON CONFLICT(review_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq`,
      ),
      deleteUpdates: this.db.prepare('DELETE FROM updates WHERE review_id = ? AND seq <= ?'),
      quarantineUpdate: this.db.prepare(
        `INSERT INTO quarantine (review_id, seq, data, error, quarantined_at)
         SELECT review_id, seq, data, ?, ? FROM updates WHERE review_id = ? AND seq = ?`,
      ),
      deleteUpdate: this.db.prepare('DELETE FROM updates WHERE review_id = ? AND seq = ?'),
      quarantined: this.db.prepare<
        [string],
        { seq: number; error: string; quarantined_at: string; byte_length: number }
      >(
        `SELECT seq, error, quarantined_at, length(data) AS byte_length FROM quarantine WHERE review_id = ?
         ORDER BY seq`,
      ),
      insertParticipant: this.db.prepare(
        'INSERT INTO participants (id, review_id, token_hash, role, link_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      // A participant whose link was revoked or has expired is no longer found: the identity lasts
      // only as long as the link it came through (participants from before link ids have none).
      findParticipant: this.db.prepare<
        [string, string],
        { id: string; review_id: string; token_hash: string; role: string; link_id: string | null; created_at: string }
      >(
        `SELECT p.id, p.review_id, p.token_hash, p.role, p.link_id, p.created_at FROM participants p
         LEFT JOIN tokens t ON t.id = p.link_id
         WHERE p.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`,
      ),
      votesOf: this.db.prepare<[string, string], { candidate_id: string; count: number }>(
        'SELECT candidate_id, count FROM votes WHERE review_id = ? AND participant_id = ?',
      ),
      upsertVote: this.db.prepare(
        `INSERT INTO votes (review_id, participant_id, candidate_id, count) VALUES (?, ?, ?, 1)
         ON CONFLICT(review_id, participant_id, candidate_id) DO UPDATE SET count = count + 1`,
      ),
      decrementVote: this.db.prepare(
        'UPDATE votes SET count = count - 1 WHERE review_id = ? AND participant_id = ? AND candidate_id = ?',
      ),
      deleteVote: this.db.prepare('DELETE FROM votes WHERE review_id = ? AND participant_id = ? AND candidate_id = ?'),
      tallies: this.db.prepare<[string], { candidate_id: string; total: number }>(
        'SELECT candidate_id, SUM(count) AS total FROM votes WHERE review_id = ? GROUP BY candidate_id',
      ),
      resetVotes: this.db.prepare('DELETE FROM votes WHERE review_id = ?'),
      insertAnonymous: this.db.prepare(
        `INSERT INTO anonymous_findings (review_id, id, secret_hash, held, category, text, created_at, release_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      findAnonymous: this.db.prepare<[string, string], AnonymousRow>(
        'SELECT * FROM anonymous_findings WHERE review_id = ? AND id = ?',
      ),
      updateHeld: this.db.prepare(
        `UPDATE anonymous_findings SET text = COALESCE(?, text), category = COALESCE(?, category)
         WHERE review_id = ? AND id = ? AND held = 1`,
      ),
      heldAll: this.db.prepare<[string], AnonymousRow>(
        'SELECT * FROM anonymous_findings WHERE review_id = ? AND held = 1 ORDER BY id',
      ),
      heldDue: this.db.prepare<[string, string], AnonymousRow>(
        `SELECT * FROM anonymous_findings WHERE review_id = ? AND held = 1 AND release_at IS NOT NULL
         AND release_at <= ? ORDER BY id`,
      ),
      countHeld: this.db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM anonymous_findings WHERE review_id = ? AND held = 1',
      ),
      markPublished: this.db.prepare(
        'UPDATE anonymous_findings SET held = 0, text = NULL, category = NULL, release_at = NULL WHERE review_id = ? AND id = ?',
      ),
      deleteAnonymous: this.db.prepare('DELETE FROM anonymous_findings WHERE review_id = ? AND id = ?'),
      pendingReleases: this.db.prepare<[], { review_id: string; release_at: string }>(
        `SELECT review_id, MIN(release_at) AS release_at FROM anonymous_findings
         WHERE held = 1 AND release_at IS NOT NULL GROUP BY review_id`,
      ),
    };
  }

  /**
   * Brings a file made by an older version up to this schema: adds missing columns (checked with
   * `PRAGMA table_info`) and gives every link that has none a fresh random id. Idempotent, and one
   * transaction, so a crash leaves the file either as it was or fully migrated.
   */
  private migrate(): void {
    this.db.transaction(() => {
      for (const [table, columns] of Object.entries(ADDED_COLUMNS)) {
        const present = new Set(
          (this.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name),
        );
        for (const [name, type] of columns) {
          if (!present.has(name)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
        }
      }
      const unnamed = this.db.prepare('SELECT hash FROM tokens WHERE id IS NULL').all() as Array<{ hash: string }>;
      const name = this.db.prepare('UPDATE tokens SET id = ? WHERE hash = ?');
      for (const { hash } of unnamed) name.run(mintLinkId(), hash);
      this.db.exec('CREATE UNIQUE INDEX IF NOT EXISTS tokens_id ON tokens(id)');
    })();
  }

  async createReview(review: ReviewRecord, tokens: TokenRecord[], initialSnapshot: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertReview.run(review.id, review.severity, review.createdAt);
      for (const t of tokens) this.stmts.insertToken.run(t);
      this.stmts.upsertSnapshot.run(review.id, Buffer.from(initialSnapshot), 0);
    })();
  }

  async getReview(reviewId: string): Promise<ReviewRecord | null> {
    const row = this.stmts.getReview.get(reviewId);
    return row ? { id: row.id, severity: row.severity as ReviewRecord['severity'], createdAt: row.created_at } : null;
  }

  async createToken(t: TokenRecord): Promise<void> {
    this.stmts.insertToken.run(t);
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const row = this.stmts.findToken.get(hash);
    return row ? { ...linkRecord(row), hash: row.hash } : null;
  }

  async listTokens(reviewId: string): Promise<LinkRecord[]> {
    return this.stmts.listTokens.all(reviewId).map(linkRecord);
  }

  async revokeToken(reviewId: string, linkId: string, revokedAt: string): Promise<RevokeOutcome> {
    // IMMEDIATE: the check for another active facilitator link and the revocation are one step.
    const revoke = this.db.transaction((): RevokeOutcome => {
      const row = this.stmts.findLink.get(reviewId, linkId);
      if (!row) return { ok: false, reason: 'not_found' };
      const active = row.revoked_at === null && (row.expires_at === null || row.expires_at > revokedAt);
      if (active && row.role === 'facilitator') {
        const facilitators = this.stmts.countActiveOfRole.get(reviewId, 'facilitator', revokedAt)?.n ?? 0;
        if (facilitators <= 1) return { ok: false, reason: 'last_facilitator' };
      }
      this.stmts.revokeLink.run(revokedAt, reviewId, linkId);
      return { ok: true, link: linkRecord(this.stmts.findLink.get(reviewId, linkId)!) };
    });
    return revoke.immediate();
  }

  async loadDocument(reviewId: string): Promise<StoredDocument> {
    // One read transaction, so a concurrent compaction cannot be seen half done.
    return this.db.transaction(() => {
      const snap = this.stmts.getSnapshot.get(reviewId);
      const rows = this.stmts.getUpdates.all(reviewId, snap?.upto_seq ?? 0);
      return {
        snapshot: snap ? new Uint8Array(snap.data) : null,
        updates: rows.map((r) => ({ seq: r.seq, data: new Uint8Array(r.data) })),
        snapshotSeq: snap?.upto_seq ?? 0,
        lastSeq: rows.at(-1)?.seq ?? snap?.upto_seq ?? 0,
      };
    })();
  }

  async appendUpdate(reviewId: string, update: Uint8Array): Promise<number> {
    const info = this.stmts.appendUpdate.run(
      reviewId,
      Buffer.from(update.buffer, update.byteOffset, update.byteLength),
    );
    return Number(info.lastInsertRowid);
  }

  async compact(reviewId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    this.db.transaction(() => {
      this.stmts.upsertSnapshot.run(reviewId, Buffer.from(snapshot), uptoSeq);
      this.stmts.deleteUpdates.run(reviewId, uptoSeq);
    })();
  }

  async quarantineUpdate(reviewId: string, seq: number, error: string): Promise<void> {
    this.db.transaction(() => {
      this.stmts.quarantineUpdate.run(error, new Date().toISOString(), reviewId, seq);
      this.stmts.deleteUpdate.run(reviewId, seq);
    })();
  }

  async quarantinedUpdates(reviewId: string): Promise<QuarantinedUpdate[]> {
    return this.stmts.quarantined.all(reviewId).map((row) => ({
      seq: row.seq,
      error: row.error,
      quarantinedAt: row.quarantined_at,
      byteLength: row.byte_length,
    }));
  }

  async createParticipant(p: ParticipantRecord): Promise<void> {
    this.stmts.insertParticipant.run(p.id, p.reviewId, p.tokenHash, p.role, p.linkId, p.createdAt);
  }

  async findParticipant(tokenHash: string, now = new Date().toISOString()): Promise<ParticipantRecord | null> {
    const row = this.stmts.findParticipant.get(tokenHash, now);
    return row
      ? {
          id: row.id,
          reviewId: row.review_id,
          tokenHash: row.token_hash,
          role: row.role as ParticipantRecord['role'],
          linkId: row.link_id,
          createdAt: row.created_at,
        }
      : null;
  }

  async changeVote(
    reviewId: string,
    participantId: string,
    candidateId: string,
    delta: 1 | -1,
    limits: VoteLimits,
  ): Promise<VoteChange> {
    // IMMEDIATE takes the write lock first, so the budget is read and changed as one step even
    // with several server processes on one file.
    const change = this.db.transaction((): VoteChange => {
      const mine = this.readVotes(reviewId, participantId);
      const onCandidate = mine[candidateId] ?? 0;
      const total = Object.values(mine).reduce((sum, n) => sum + n, 0);
      if (delta === 1) {
        if (total >= limits.perPerson) return { ok: false, reason: 'budget_exhausted', mine };
        if (limits.perCandidate !== null && onCandidate >= limits.perCandidate) {
          return { ok: false, reason: 'candidate_cap', mine };
        }
        this.stmts.upsertVote.run(reviewId, participantId, candidateId);
      } else {
        if (onCandidate === 0) return { ok: false, reason: 'nothing_to_withdraw', mine };
        if (onCandidate === 1) this.stmts.deleteVote.run(reviewId, participantId, candidateId);
        else this.stmts.decrementVote.run(reviewId, participantId, candidateId);
      }
      return { ok: true, mine: this.readVotes(reviewId, participantId) };
    });
    return change.immediate();
  }

  async votesOf(reviewId: string, participantId: string): Promise<Record<string, number>> {
    return this.readVotes(reviewId, participantId);
  }

  async voteTallies(reviewId: string): Promise<Record<string, number>> {
    return Object.fromEntries(this.stmts.tallies.all(reviewId).map((r) => [r.candidate_id, r.total]));
  }

  async resetVotes(reviewId: string): Promise<void> {
    this.stmts.resetVotes.run(reviewId);
  }

  async holdAnonymousFinding(r: AnonymousFindingRecord): Promise<void> {
    this.stmts.insertAnonymous.run(
      r.reviewId,
      r.id,
      r.secretHash,
      r.held ? 1 : 0,
      r.category,
      r.text,
      r.createdAt,
      r.releaseAt,
    );
  }

  async findAnonymousFinding(reviewId: string, id: string): Promise<AnonymousFindingRecord | null> {
    const row = this.stmts.findAnonymous.get(reviewId, id);
    return row ? anonymousRecord(row) : null;
  }

  async updateHeldFinding(reviewId: string, id: string, patch: { text?: string; category?: FindingCategory }) {
    this.stmts.updateHeld.run(patch.text ?? null, patch.category ?? null, reviewId, id);
  }

  async heldFindings(reviewId: string, dueBy?: string): Promise<HeldFinding[]> {
    const rows = dueBy === undefined ? this.stmts.heldAll.all(reviewId) : this.stmts.heldDue.all(reviewId, dueBy);
    return rows.map((row) => ({
      id: row.id,
      category: row.category as FindingCategory,
      text: row.text ?? '',
      createdAt: row.created_at,
      releaseAt: row.release_at,
    }));
  }

  async countHeldFindings(reviewId: string): Promise<number> {
    return this.stmts.countHeld.get(reviewId)?.n ?? 0;
  }

  async markPublished(reviewId: string, ids: readonly string[]): Promise<void> {
    this.db.transaction(() => {
      for (const id of ids) this.stmts.markPublished.run(reviewId, id);
    })();
  }

  async deleteAnonymousFinding(reviewId: string, id: string): Promise<void> {
    this.stmts.deleteAnonymous.run(reviewId, id);
  }

  async pendingReleases(): Promise<Array<{ reviewId: string; releaseAt: string }>> {
    return this.stmts.pendingReleases.all().map((row) => ({ reviewId: row.review_id, releaseAt: row.release_at }));
  }

  private readVotes(reviewId: string, participantId: string): Record<string, number> {
    return Object.fromEntries(this.stmts.votesOf.all(reviewId, participantId).map((r) => [r.candidate_id, r.count]));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function linkRecord(row: Omit<TokenRow, 'hash'>): LinkRecord {
  return {
    id: row.id,
    reviewId: row.review_id,
    role: row.role as LinkRecord['role'],
    label: row.label,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
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
  };
}
