/** Read-only looks into a running server's SQLite file (WAL allows a reader beside the writer). */
import path from 'node:path';
import Database from 'better-sqlite3';

/** Runs `read` on a read-only connection to the data dir's database and closes it. */
export function readDatabase<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'hindsight.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export interface StoredState {
  /** The review's rows in the update log, oldest first. */
  updates: Uint8Array[];
  snapshot: { data: Uint8Array; uptoSeq: number } | null;
  /** Highest update seq ever handed out (AUTOINCREMENT), across all reviews. */
  lastSeq: number;
}

/** What the server stored for one review. */
export function storedState(dataDir: string, reviewId: string): StoredState {
  return readDatabase(dataDir, (db) => {
    const rows = db.prepare('SELECT data FROM updates WHERE review_id = ? ORDER BY seq').all(reviewId) as {
      data: Buffer;
    }[];
    const snap = db.prepare('SELECT data, upto_seq FROM snapshots WHERE review_id = ?').get(reviewId) as
      | { data: Buffer; upto_seq: number }
      | undefined;
    const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'updates'").get() as
      | { seq: number }
      | undefined;
    return {
      updates: rows.map((r) => new Uint8Array(r.data)),
      snapshot: snap ? { data: new Uint8Array(snap.data), uptoSeq: snap.upto_seq } : null,
      lastSeq: seq?.seq ?? 0,
    };
  });
}

/** Every row of every table (blobs as hex), to prove that a request wrote nothing anywhere. */
export function dumpDatabase(dataDir: string): string {
  return readDatabase(dataDir, (db) => {
    const tables = ['reviews', 'tokens', 'snapshots', 'updates', 'quarantine', 'sqlite_sequence'];
    const dump = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
    const blobsAsHex = (_key: string, value: unknown) =>
      (value as { type?: string } | null)?.type === 'Buffer' ? Buffer.from(value as never).toString('hex') : value;
    return JSON.stringify(dump, blobsAsHex);
  });
}
