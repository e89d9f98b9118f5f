import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../types';
import { sqliteAnonymousFindings } from './anonymous';
import { sqliteDocumentLog, sqliteQuarantine, type DocumentLogTestHooks } from './document-log';
import { sqliteLinks } from './links';
import { sqliteReviews } from './reviews';
import { sqliteSpaces } from './spaces';
import { applySchema } from './schema';
import { sqliteVotes } from './votes';
import { sqliteWebhooks } from './webhooks';

// The class's members are the Store's: the constructor fills them in from one part per concern.
export interface SqliteStore extends Store {}

/**
 * The embedded default store: one SQLite file in WAL mode with synchronous commits. Each concern
 * (reviews, links, document log, quarantine, votes, anonymous findings) prepares its own statements
 * on the one connection; the store is their union, checked against `Store` so none is missing.
 */
export class SqliteStore {
  constructor(file: string, testHooks: DocumentLogTestHooks = {}) {
    const db = openDatabase(file);
    const { settled, ...documentLog } = sqliteDocumentLog(db, testHooks);
    const store: Store = {
      ...sqliteReviews(db),
      ...sqliteLinks(db),
      ...documentLog,
      ...sqliteQuarantine(db),
      ...sqliteVotes(db),
      ...sqliteAnonymousFindings(db),
      ...sqliteSpaces(db),
      ...sqliteWebhooks(db),
      // One instance: the review's task queue already runs its server writes one at a time.
      withReviewLock: (_reviewId, run) => run(),
      async ping() {
        db.prepare('SELECT 1').get();
      },
      async close() {
        await settled();
        db.close();
      },
    };
    Object.assign(this, store);
  }
}

/** Opens (creating if need be) the database file with the settings the store relies on. */
export function openDatabase(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a commit is fsynced before it returns, so an acknowledged update survives a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted content (a held finding's words once published or withdrawn) is overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  applySchema(db);
  return db;
}
