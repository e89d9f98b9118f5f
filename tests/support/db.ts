/**
 * Looks into what a running server stored, on whichever store its data dir ran on: its SQLite file
 * (WAL allows a reader beside the writer) or, with HINDSIGHT_TEST_STORE=postgres, the data dir's
 * PostgreSQL schema (support/postgres.ts). Queries are written once, in the SQL both accept, with
 * `?` placeholders; rows come back in SQLite's shapes on both (integers as numbers, booleans as 0/1,
 * JSON as its text, bytes as Buffers), so a test asserts the same facts whatever the backend.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import postgres from 'postgres';
import * as Y from 'yjs';
import { schemaOf, serversOnPostgres, TEST_DATABASE_URL } from './postgres';

export type Row = Record<string, unknown>;

/**
 * A small pool per data dir's schema (its search_path set at connect), so a look-up is one
 * statement, one round trip; idle connections close, so no test waits on them.
 */
const pools = new Map<string, postgres.Sql>();
function poolFor(dataDir: string): postgres.Sql {
  const schema = schemaOf(dataDir);
  let pool = pools.get(schema);
  if (!pool) {
    pool = postgres(TEST_DATABASE_URL, {
      max: 2,
      idle_timeout: 1,
      onnotice: () => {},
      connection: { search_path: schema },
      // BIGINT (seqs, counts) as a number, as SQLite's INTEGER reads: the values here are small.
      types: {
        bigint: { to: 20, from: [20], serialize: (n: number) => String(n), parse: (text: string) => Number(text) },
      },
    });
    pools.set(schema, pool);
  }
  return pool;
}

/** Runs `work` in one read-only transaction on the data dir's schema: one snapshot for all its reads. */
async function inSnapshot<T>(dataDir: string, work: (tx: postgres.Sql) => Promise<T>): Promise<T> {
  return poolFor(dataDir).begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', (t) =>
    work(t as unknown as postgres.Sql),
  ) as Promise<T>;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the tests' queries hold no literal question mark). */
function numbered(query: string): string {
  let n = 0;
  return query.replace(/\?/g, () => `$${++n}`);
}

/** A PostgreSQL value as SQLite would have returned it. */
function asSqlite(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

function rowsAsSqlite(rows: readonly Row[]): Row[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, asSqlite(value)])));
}

/** Runs `read` on a read-only connection to the data dir's SQLite file and closes it. */
function readSqlite<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'hindsight.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The rows a query returns from the data dir's store. */
export async function selectRows<T extends Row = Row>(
  dataDir: string,
  query: string,
  ...params: unknown[]
): Promise<T[]> {
  if (!serversOnPostgres) return readSqlite(dataDir, (db) => db.prepare(query).all(...params) as T[]);
  return rowsAsSqlite(await poolFor(dataDir).unsafe(numbered(query), params as never[])) as T[];
}

/** Runs a statement that changes the data dir's store from outside its server (to break it on purpose). */
export async function writeDatabase(dataDir: string, statement: string, ...params: unknown[]): Promise<void> {
  if (!serversOnPostgres) {
    const db = new Database(path.join(dataDir, 'hindsight.sqlite'), { fileMustExist: true });
    try {
      db.prepare(statement).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  await poolFor(dataDir).unsafe(numbered(statement), params as never[]);
}

/** The column names of one of the store's tables. */
export async function tableColumns(dataDir: string, table: string): Promise<string[]> {
  if (!serversOnPostgres) {
    return readSqlite(dataDir, (db) => db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
      (column) => column.name,
    );
  }
  const rows = await poolFor(dataDir)<Array<{ column_name: string }>>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`;
  return rows.map((row) => row.column_name);
}

export interface StoredState {
  /** The review's rows in the update log, oldest first. */
  updates: Uint8Array[];
  snapshot: { data: Uint8Array; uptoSeq: number } | null;
  /**
   * Highest update seq handed out: on SQLite across all reviews (the AUTOINCREMENT's
   * `sqlite_sequence`), on PostgreSQL the review's own (`reviews.last_seq`, each review numbers its
   * updates). Either way a stored update adds one, and nothing else changes it.
   */
  lastSeq: number;
}

const UPDATES = 'SELECT data FROM updates WHERE review_id = ? ORDER BY seq';
const SNAPSHOT = 'SELECT data, upto_seq FROM snapshots WHERE review_id = ?';

/** The stored state from its three reads' rows. */
function asStoredState(updates: Row[], snapshots: Row[], lastSeqs: Row[]): StoredState {
  const snap = snapshots[0] as { data: Buffer; upto_seq: number } | undefined;
  return {
    updates: (updates as Array<{ data: Buffer }>).map((r) => new Uint8Array(r.data)),
    snapshot: snap ? { data: new Uint8Array(snap.data), uptoSeq: snap.upto_seq } : null,
    lastSeq: (lastSeqs[0] as { seq: number } | undefined)?.seq ?? 0,
  };
}

/** What the server stored for one review. */
export async function storedState(dataDir: string, reviewId: string): Promise<StoredState> {
  if (!serversOnPostgres) {
    return readSqlite(dataDir, (db) =>
      asStoredState(
        db.prepare(UPDATES).all(reviewId) as Row[],
        db.prepare(SNAPSHOT).all(reviewId) as Row[],
        db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'updates'").all() as Row[],
      ),
    );
  }
  return inSnapshot(dataDir, async (tx) =>
    asStoredState(
      rowsAsSqlite(await tx.unsafe(numbered(UPDATES), [reviewId])),
      rowsAsSqlite(await tx.unsafe(numbered(SNAPSHOT), [reviewId])),
      rowsAsSqlite(await tx`SELECT last_seq AS seq FROM reviews WHERE id = ${reviewId}`),
    ),
  );
}

/** Every row of every table (blobs as hex), to prove that a request wrote nothing anywhere. */
export async function dumpDatabase(dataDir: string): Promise<string> {
  const blobsAsHex = (_key: string, value: unknown) =>
    (value as { type?: string } | null)?.type === 'Buffer' ? Buffer.from(value as never).toString('hex') : value;
  if (!serversOnPostgres) {
    return readSqlite(dataDir, (db) => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
        name: string;
      }>;
      const dump = Object.fromEntries(
        tables.map(({ name }) => {
          const width = (db.prepare(`PRAGMA table_info(${name})`).all() as unknown[]).length;
          const everyColumn = Array.from({ length: width }, (_, i) => i + 1).join(', ');
          return [name, db.prepare(`SELECT * FROM ${name} ORDER BY ${everyColumn}`).all()];
        }),
      );
      return JSON.stringify(dump, blobsAsHex);
    });
  }
  const dump = await inSnapshot(dataDir, async (tx) => {
    const tables = await tx<Array<{ table_name: string }>>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`;
    const entries: Array<[string, Row[]]> = [];
    for (const { table_name: name } of tables) {
      entries.push([name, [...(await tx.unsafe(`SELECT * FROM "${name}" AS r ORDER BY r::text`))]]);
    }
    return Object.fromEntries(entries);
  });
  return JSON.stringify(dump, blobsAsHex);
}

/** The review as the server stored it: a fresh document of its snapshot and update log (what a restart loads). */
export async function storedDocument(dataDir: string, reviewId: string): Promise<Y.Doc> {
  const { snapshot, updates } = await storedState(dataDir, reviewId);
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot.data);
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/**
 * Makes every append to the data dir's update log fail, from outside its server, until the returned
 * function is called. SQLite: another connection holds the write lock past the server's busy timeout
 * (5 s). PostgreSQL: a CHECK constraint no row meets (NOT VALID: the rows there stay) refuses every
 * insert at once. (A held lock would make the append wait for the store's 15 s append deadline, and
 * the batch refused then would still commit once the lock is gone.)
 */
export async function failAppends(dataDir: string): Promise<() => Promise<void>> {
  if (!serversOnPostgres) {
    const lock = new Database(path.join(dataDir, 'hindsight.sqlite'), { fileMustExist: true });
    lock.exec('BEGIN IMMEDIATE');
    return async () => {
      lock.exec('ROLLBACK');
      lock.close();
    };
  }
  await writeDatabase(dataDir, 'ALTER TABLE updates ADD CONSTRAINT appends_fail_in_test CHECK (false) NOT VALID');
  return () => writeDatabase(dataDir, 'ALTER TABLE updates DROP CONSTRAINT appends_fail_in_test');
}

export interface UpdateLookup {
  /** Whether these exact bytes are a row of the review's update log, answered at once on SQLite. */
  isStored(update: Uint8Array): boolean | Promise<boolean>;
  close(): Promise<void>;
}

/** Connections the PostgreSQL look-ups spread over, so a burst's look-ups go out as the updates arrive. */
const LOOKUP_CONNECTIONS = 8;

/**
 * Looks updates up the moment they are asked about, for a check made as each one arrives: on SQLite
 * synchronously, on one read-only connection kept open with its statement prepared (opening the file
 * per look-up gave the server the time to commit: relaying before storing then went unseen); on
 * PostgreSQL with a query sent at once on a pool of its own, its connections opened beforehand.
 */
export async function updateLookup(dataDir: string, reviewId: string): Promise<UpdateLookup> {
  const query = 'SELECT 1 AS found FROM updates WHERE review_id = ? AND data = ?';
  if (!serversOnPostgres) {
    const db = new Database(path.join(dataDir, 'hindsight.sqlite'), { readonly: true, fileMustExist: true });
    const statement = db.prepare(query);
    return {
      isStored: (update) => statement.get(reviewId, Buffer.from(update)) !== undefined,
      close: async () => void db.close(),
    };
  }
  const sql = postgres(TEST_DATABASE_URL, {
    max: LOOKUP_CONNECTIONS,
    onnotice: () => {},
    connection: { search_path: schemaOf(dataDir) },
  });
  // Every connection open before the first look-up: none waits for a connect.
  await Promise.all(Array.from({ length: LOOKUP_CONNECTIONS }, () => sql`SELECT pg_sleep(0.05)`));
  const statement = numbered(query);
  return {
    isStored: async (update) => (await sql.unsafe(statement, [reviewId, Buffer.from(update)])).length > 0,
    close: () => sql.end({ timeout: 1 }),
  };
}
