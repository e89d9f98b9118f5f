import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reviews (
  id TEXT PRIMARY KEY,
  severity TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- The last five columns came later: migrate() adds them to older files (id then filled in).
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  review_id TEXT NOT NULL REFERENCES reviews(id),
  role TEXT NOT NULL,
  created_at TEXT NOT NULL,
  id TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  label TEXT,
  personal INTEGER
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
-- A revealed round's result: totals only. Sealing moves the round's votes rows here and deletes them,
-- so after a reveal the file holds no per-participant vote. Came later: CREATE IF NOT EXISTS adds it.
CREATE TABLE IF NOT EXISTS vote_results (
  review_id TEXT PRIMARY KEY REFERENCES reviews(id),
  voters INTEGER NOT NULL,
  tallies TEXT NOT NULL
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
  pending_change TEXT,
  PRIMARY KEY (review_id, id)
) WITHOUT ROWID;
-- A held finding being published: by which instance, until when (as in the PostgreSQL schema).
CREATE TABLE IF NOT EXISTS anonymous_claims (
  review_id TEXT NOT NULL,
  id TEXT NOT NULL,
  claimed_by TEXT NOT NULL,
  claim_until TEXT NOT NULL,
  PRIMARY KEY (review_id, id),
  FOREIGN KEY (review_id, id) REFERENCES anonymous_findings(review_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
-- Team spaces (reviews.space_id says which holds a review) and their links: only token hashes.
CREATE TABLE IF NOT EXISTS spaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS space_tokens (
  hash TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  space_id TEXT NOT NULL REFERENCES spaces(id),
  role TEXT NOT NULL,
  label TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS space_tokens_space ON space_tokens(space_id);
-- Each review's summary as its space lists it (JSON), and the state vector it was read from.
CREATE TABLE IF NOT EXISTS review_index (
  review_id TEXT PRIMARY KEY REFERENCES reviews(id),
  summary TEXT NOT NULL,
  state_vector BLOB NOT NULL
);
-- Its searchable texts, one row per item (porter: "deploys" finds "deployment").
CREATE VIRTUAL TABLE IF NOT EXISTS review_search USING fts5(
  review_id UNINDEXED,
  section UNINDEXED,
  body,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Webhooks (came later: CREATE IF NOT EXISTS adds them). The secret signs deliveries, so it is kept
-- as is. scope: 'review' or 'space' (scope_id names which).
CREATE TABLE IF NOT EXISTS webhooks (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  scope_id TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhooks_scope ON webhooks(scope, scope_id);
-- What a review's webhooks were last told (JSON), diffed against the document for the next events.
CREATE TABLE IF NOT EXISTS webhook_states (
  review_id TEXT PRIMARY KEY REFERENCES reviews(id),
  state TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- The outbox: one row per event per webhook, with its attempts; claimed with a lease while sent.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id TEXT PRIMARY KEY,
  hook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  review_id TEXT NOT NULL REFERENCES reviews(id),
  event TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  last_status INTEGER,
  last_error TEXT,
  next_attempt_at TEXT,
  delivered_at TEXT,
  claimed_by TEXT,
  lease_until TEXT
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_hook ON webhook_deliveries(hook_id);
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
    ['personal', 'INTEGER'],
  ],
  participants: [['link_id', 'TEXT']],
  anonymous_findings: [['pending_change', 'TEXT']],
  reviews: [['space_id', 'TEXT REFERENCES spaces(id)']],
};

/** Creates whatever tables a file lacks, then brings one made by an older version up to this schema. */
export function applySchema(db: Database.Database): void {
  db.exec(SCHEMA);
  migrate(db);
}

/** An id for a link migrated from before links had ids: the shape `mintLinkId` (auth/tokens) makes. */
function mintLinkId(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Adds missing columns (checked with `PRAGMA table_info`) and gives every link that has none a fresh
 * random id. Idempotent, and one transaction, so a crash leaves the file either as it was or fully
 * migrated. IMMEDIATE: it takes the write lock before its first read, waiting (busy_timeout) for
 * another process opening the same file; a deferred transaction that reads first and writes later
 * fails at once with SQLITE_BUSY when another process wrote in between (WAL cannot upgrade a stale
 * read snapshot).
 */
function migrate(db: Database.Database): void {
  const run = db.transaction(() => {
    for (const [table, columns] of Object.entries(ADDED_COLUMNS)) {
      const present = new Set(
        (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name),
      );
      for (const [name, type] of columns) {
        if (!present.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
      }
    }
    const unnamed = db.prepare('SELECT hash FROM tokens WHERE id IS NULL').all() as Array<{ hash: string }>;
    const name = db.prepare('UPDATE tokens SET id = ? WHERE hash = ?');
    for (const { hash } of unnamed) name.run(mintLinkId(), hash);
    db.exec('CREATE UNIQUE INDEX IF NOT EXISTS tokens_id ON tokens(id)');
    // Older versions stored the live release moment to the millisecond: keep only the quarter hour
    // (a release waiting in such a file is drawn afresh at start-up anyway).
    db.exec('UPDATE anonymous_findings SET release_at = created_at WHERE held = 1 AND release_at IS NOT NULL');
    db.exec('CREATE INDEX IF NOT EXISTS participants_link ON participants(link_id)');
    db.exec('CREATE INDEX IF NOT EXISTS reviews_space ON reviews(space_id)');
    // A replaced text's words leave the index at once, not at a later merge (as secure_delete does for tables).
    db.exec("INSERT INTO review_search(review_search, rank) VALUES ('secure-delete', 1)");
  });
  run.immediate();
}
