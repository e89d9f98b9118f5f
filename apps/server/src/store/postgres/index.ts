import postgres from 'postgres';
import type { Store } from '../types';
import type { DocumentLogTestHooks } from '../sqlite/document-log';
import { postgresAnonymousFindings } from './anonymous';
import { postgresDocumentLog, postgresQuarantine } from './document-log';
import { postgresLinks } from './links';
import { postgresReviewLock } from './review-lock';
import { postgresReviews } from './reviews';
import { postgresSpaces } from './spaces';
import { migrate } from './schema';
import { postgresVotes } from './votes';

export interface PostgresOptions {
  /** The schema to use instead of the server's default search_path (tests: one per test file). */
  schema?: string;
  /** Connections in the pool. */
  max?: number;
  testHooks?: DocumentLogTestHooks;
}

/**
 * The store on PostgreSQL (`DATABASE_URL`), for several instances on one database: each concern
 * runs its statements on one connection pool, and everything that reads then writes does so in a
 * transaction holding a row lock (see each module). Its sessions commit with synchronous_commit
 * on: a commit returns once its WAL is flushed (the server's fsync must be on, as by default).
 */
/** Reviews whose server writes can hold their lock at once, per instance (more wait for a connection). */
const LOCK_POOL_SIZE = 4;

export const PostgresStore = {
  /** Connects, migrates the schema (under an advisory lock) and returns the store. */
  async open(url: string, options: PostgresOptions = {}): Promise<Store> {
    const connect = (max: number) =>
      postgres(url, {
        max,
        onnotice: () => {},
        connection: {
          // Every commit waits for its WAL flush, whatever the server's or role's default: an update
          // is relayed only once stored, and "stored" must survive a crash of the database too.
          synchronous_commit: 'on',
          ...(options.schema ? { search_path: options.schema } : {}),
        },
      });
    const sql = connect(options.max ?? 10);
    // Lazily connected: the review locks' own pool (see review-lock.ts).
    const lockSql = connect(LOCK_POOL_SIZE);
    try {
      await migrate(sql);
    } catch (err) {
      await sql.end({ timeout: 1 });
      await lockSql.end({ timeout: 1 });
      throw new Error(`cannot open the PostgreSQL store at ${where(url)}: ${(err as Error).message}`, { cause: err });
    }
    const { settled, ...documentLog } = postgresDocumentLog(sql, options.testHooks);
    return {
      ...postgresReviews(sql),
      ...postgresLinks(sql),
      ...documentLog,
      ...postgresQuarantine(sql),
      ...postgresVotes(sql),
      ...postgresAnonymousFindings(sql),
      ...postgresSpaces(sql),
      ...postgresReviewLock(lockSql),
      async ping() {
        await sql`SELECT 1`;
      },
      async close() {
        await settled();
        await lockSql.end({ timeout: 5 });
        await sql.end({ timeout: 5 });
      },
    };
  },
};

/** Host, port and database of a URL, never its user or password (for error messages and logs). */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
