import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ReviewRecord, StoredDocument, Store, TokenRecord } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reviews (
  id TEXT PRIMARY KEY,
  severity TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  review_id TEXT NOT NULL REFERENCES reviews(id),
  role TEXT NOT NULL,
  created_at TEXT NOT NULL
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
`;

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
    this.db.exec(SCHEMA);
    this.stmts = {
      insertReview: this.db.prepare('INSERT INTO reviews (id, severity, created_at) VALUES (?, ?, ?)'),
      insertToken: this.db.prepare('INSERT INTO tokens (hash, review_id, role, created_at) VALUES (?, ?, ?, ?)'),
      getReview: this.db.prepare<[string], { id: string; severity: string; created_at: string }>(
        'SELECT id, severity, created_at FROM reviews WHERE id = ?',
      ),
      findToken: this.db.prepare<[string], { hash: string; review_id: string; role: string; created_at: string }>(
        'SELECT hash, review_id, role, created_at FROM tokens WHERE hash = ?',
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
    };
  }

  async createReview(review: ReviewRecord, tokens: TokenRecord[], initialSnapshot: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertReview.run(review.id, review.severity, review.createdAt);
      for (const t of tokens) this.stmts.insertToken.run(t.hash, t.reviewId, t.role, t.createdAt);
      this.stmts.upsertSnapshot.run(review.id, Buffer.from(initialSnapshot), 0);
    })();
  }

  async getReview(reviewId: string): Promise<ReviewRecord | null> {
    const row = this.stmts.getReview.get(reviewId);
    return row ? { id: row.id, severity: row.severity as ReviewRecord['severity'], createdAt: row.created_at } : null;
  }

  async findToken(hash: string): Promise<TokenRecord | null> {
    const row = this.stmts.findToken.get(hash);
    return row
      ? { hash: row.hash, reviewId: row.review_id, role: row.role as TokenRecord['role'], createdAt: row.created_at }
      : null;
  }

  async loadDocument(reviewId: string): Promise<StoredDocument> {
    // One read transaction, so a concurrent compaction cannot be seen half done.
    return this.db.transaction(() => {
      const snap = this.stmts.getSnapshot.get(reviewId);
      const rows = this.stmts.getUpdates.all(reviewId, snap?.upto_seq ?? 0);
      return {
        snapshot: snap ? new Uint8Array(snap.data) : null,
        updates: rows.map((r) => new Uint8Array(r.data)),
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

  async close(): Promise<void> {
    this.db.close();
  }
}
