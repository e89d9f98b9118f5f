import type postgres from 'postgres';

/**
 * Versioned migrations, applied in order at start-up; each runs once (recorded in
 * `schema_migrations`). Append new ones, never edit an applied one. Times are ISO text, compared as
 * text, as in the SQLite backend; every text column uses the "C" collation (byte order, as SQLite),
 * so both backends order ids and compare times the same way whatever the database's locale.
 */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
CREATE TABLE reviews (
  id TEXT COLLATE "C" PRIMARY KEY,
  severity TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  -- The review's last update sequence number: each append takes the next one in its transaction.
  last_seq BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE tokens (
  hash TEXT COLLATE "C" PRIMARY KEY,
  id TEXT COLLATE "C" NOT NULL UNIQUE,
  review_id TEXT COLLATE "C" NOT NULL REFERENCES reviews(id),
  role TEXT COLLATE "C" NOT NULL,
  label TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C",
  revoked_at TEXT COLLATE "C",
  personal BOOLEAN NOT NULL DEFAULT FALSE,
  -- Insertion order, to list links created in the same instant as SQLite's rowid does.
  position BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX tokens_review ON tokens(review_id);
CREATE TABLE snapshots (
  review_id TEXT COLLATE "C" PRIMARY KEY REFERENCES reviews(id),
  data BYTEA NOT NULL,
  upto_seq BIGINT NOT NULL
);
CREATE TABLE updates (
  review_id TEXT COLLATE "C" NOT NULL REFERENCES reviews(id),
  seq BIGINT NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (review_id, seq)
);
CREATE TABLE quarantine (
  review_id TEXT COLLATE "C" NOT NULL REFERENCES reviews(id),
  seq BIGINT NOT NULL,
  data BYTEA NOT NULL,
  error TEXT COLLATE "C" NOT NULL,
  quarantined_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (review_id, seq)
);
CREATE TABLE participants (
  id TEXT COLLATE "C" PRIMARY KEY,
  review_id TEXT COLLATE "C" NOT NULL REFERENCES reviews(id),
  token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
  role TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  link_id TEXT COLLATE "C"
);
CREATE INDEX participants_link ON participants(link_id);
CREATE TABLE votes (
  review_id TEXT COLLATE "C" NOT NULL REFERENCES reviews(id),
  participant_id TEXT COLLATE "C" NOT NULL REFERENCES participants(id),
  candidate_id TEXT COLLATE "C" NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (review_id, participant_id, candidate_id)
);
CREATE TABLE vote_results (
  review_id TEXT COLLATE "C" PRIMARY KEY REFERENCES reviews(id),
  voters INTEGER NOT NULL,
  tallies JSONB NOT NULL
);
-- No author, no participant: the secret's hash is all that ties a finding to whoever holds it.
CREATE TABLE anonymous_findings (
  review_id TEXT COLLATE "C" NOT NULL REFERENCES reviews(id),
  id TEXT COLLATE "C" NOT NULL,
  secret_hash TEXT COLLATE "C" NOT NULL,
  held BOOLEAN NOT NULL,
  category TEXT COLLATE "C",
  text TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  release_at TEXT COLLATE "C",
  pending_change TEXT COLLATE "C",
  PRIMARY KEY (review_id, id)
);
`,
  },
  {
    // A held finding being published: by which instance, until when (the database's clock, so
    // instances' clocks need not agree); another instance takes it over once the lease ends. A table
    // of its own: an UPDATE writes a whole new row version, and a claim must not copy the words.
    version: 2,
    sql: `
CREATE TABLE anonymous_claims (
  review_id TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  claimed_by TEXT COLLATE "C" NOT NULL,
  claim_until TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (review_id, id),
  FOREIGN KEY (review_id, id) REFERENCES anonymous_findings(review_id, id) ON DELETE CASCADE
);
`,
  },
  {
    // Team spaces: which space holds a review (reviews.space_id), the spaces' links (token hashes
    // only), and each review's index: its summary, and its texts under a GIN index for search.
    version: 3,
    sql: `
CREATE TABLE spaces (
  id TEXT COLLATE "C" PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE space_tokens (
  hash TEXT COLLATE "C" PRIMARY KEY,
  id TEXT COLLATE "C" NOT NULL UNIQUE,
  space_id TEXT COLLATE "C" NOT NULL REFERENCES spaces(id),
  role TEXT COLLATE "C" NOT NULL,
  label TEXT COLLATE "C",
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C",
  position BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX space_tokens_space ON space_tokens(space_id);
ALTER TABLE reviews ADD COLUMN space_id TEXT COLLATE "C" REFERENCES spaces(id);
CREATE INDEX reviews_space ON reviews(space_id);
CREATE TABLE review_index (
  review_id TEXT COLLATE "C" PRIMARY KEY REFERENCES reviews(id),
  summary JSONB NOT NULL,
  state_vector BYTEA NOT NULL
);
CREATE TABLE review_search (
  review_id TEXT COLLATE "C" NOT NULL REFERENCES reviews(id),
  position INTEGER NOT NULL,
  section TEXT COLLATE "C" NOT NULL,
  body TEXT COLLATE "C" NOT NULL,
  tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
  PRIMARY KEY (review_id, position)
);
CREATE INDEX review_search_tsv ON review_search USING GIN (tsv);
`,
  },
  {
    // Webhooks, what each review's were last told, and the outbox of deliveries (see store/webhooks.ts).
    // Times a lease or a retry is compared against are the database's (instances' clocks may differ).
    version: 4,
    sql: `
CREATE TABLE webhooks (
  id TEXT COLLATE "C" PRIMARY KEY,
  scope TEXT COLLATE "C" NOT NULL,
  scope_id TEXT COLLATE "C" NOT NULL,
  url TEXT COLLATE "C" NOT NULL,
  events JSONB NOT NULL,
  secret TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  position BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX webhooks_scope ON webhooks(scope, scope_id);
CREATE TABLE webhook_states (
  review_id TEXT COLLATE "C" PRIMARY KEY REFERENCES reviews(id),
  state TEXT COLLATE "C" NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE webhook_deliveries (
  id TEXT COLLATE "C" PRIMARY KEY,
  hook_id TEXT COLLATE "C" NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  review_id TEXT COLLATE "C" NOT NULL REFERENCES reviews(id),
  event TEXT COLLATE "C" NOT NULL,
  body TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  state TEXT COLLATE "C" NOT NULL,
  attempts INTEGER NOT NULL,
  last_status INTEGER,
  last_error TEXT COLLATE "C",
  next_attempt_at TIMESTAMPTZ,
  delivered_at TIMESTAMPTZ,
  claimed_by TEXT COLLATE "C",
  lease_until TIMESTAMPTZ,
  position BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(hook_id, position);
`,
  },
];

/** The latest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/**
 * Brings the database (the connection's current schema) up to date, in one transaction under an
 * advisory lock keyed by the schema: instances starting together migrate one after the other, and
 * the later ones find nothing left to do. Refuses a database migrated by a newer version.
 */
export async function migrate(sql: postgres.Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx.unsafe("SELECT pg_advisory_xact_lock(hashtext('hindsight.migrate:' || current_schema()))");
    await tx.unsafe(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const rows = await tx.unsafe<Array<{ version: number }>>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...applied);
    if (newest > SCHEMA_VERSION) {
      throw new Error(`database schema version ${newest} is newer than this server's ${SCHEMA_VERSION}`);
    }
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await tx.unsafe(m.sql).simple();
      await tx.unsafe('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
    }
  });
}
