import postgres from 'postgres';
import type { Store } from '../types';
import type { DocumentLogTestHooks } from '../sqlite/document-log';
import { refuseWhileUnavailable } from '../unavailable';
import { postgresAnonymousFindings } from './anonymous';
import { postgresDocumentLog, postgresQuarantine } from './document-log';
import { postgresLinks } from './links';
import { postgresReviewLock } from './review-lock';
import { postgresReviews } from './reviews';
import { postgresSpaces } from './spaces';
import { migrate } from './schema';
import { isPostgresUnavailable } from './unavailable';
import { postgresVotes } from './votes';
import { postgresWebhooks } from './webhooks';

export interface PostgresOptions {
  /** The schema to use instead of the server's default search_path (tests: one per test file). */
  schema?: string;
  /** Connections in the pool. */
  max?: number;
  testHooks?: DocumentLogTestHooks;
  /** How long appends may wait for the database before they are refused (tests: shorter). */
  appendDeadlineMs?: number;
}

/**
 * The store on PostgreSQL (`DATABASE_URL`), for several instances on one database: each concern
 * runs its statements on one connection pool, and everything that reads then writes does so in a
 * transaction holding a row lock (see each module). Its sessions commit with synchronous_commit
 * on: a commit returns once its WAL is flushed (the server's fsync must be on, as by default).
 */
/** Reviews whose server writes can hold their lock at once, per instance (more wait for a connection). */
const LOCK_POOL_SIZE = 4;

/**
 * Seconds a pool connection waits before connecting again after failing to, by failures in a row.
 * The driver's default grows to 10-20 s: measured here, the first statement after a 3 s outage then
 * waited 15 s for it, so service resumed long after the database did. Capped at 1 s: a few attempts
 * a second per instance at most, and writes resume within a second of the database.
 */
export const reconnectBackoff = (failures: number): number => Math.min(0.05 * 2 ** failures, 1);

/**
 * Seconds a connection attempt may take (the driver's default: 30): a database whose packets are
 * dropped rather than refused holds each request and each edit this long before it is refused.
 */
const CONNECT_TIMEOUT_SECONDS = 10;

export const PostgresStore = {
  /** Connects, migrates the schema (under an advisory lock) and returns the store. */
  async open(url: string, options: PostgresOptions = {}): Promise<Store> {
    const connect = (max: number) =>
      postgres(url, {
        max,
        onnotice: () => {},
        backoff: reconnectBackoff,
        connect_timeout: CONNECT_TIMEOUT_SECONDS,
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
    const { settled, ...documentLog } = postgresDocumentLog(sql, options.testHooks, options.appendDeadlineMs);
    // Every failure that means "the database cannot be reached" becomes a StoreUnavailableError:
    // HTTP answers 503, sockets close 1011 `database unavailable`, and nothing is retried here
    // (the driver connects afresh for the next statement, so service resumes by itself).
    return refuseWhileUnavailable<Store>(
      {
        ...postgresReviews(sql),
        ...postgresLinks(sql),
        ...documentLog,
        ...postgresQuarantine(sql),
        ...postgresVotes(sql),
        ...postgresAnonymousFindings(sql),
        ...postgresSpaces(sql),
        ...postgresWebhooks(sql),
        ...postgresReviewLock(lockSql),
        async ping() {
          await sql`SELECT 1`;
        },
        async close() {
          await settled();
          await lockSql.end({ timeout: 5 });
          await sql.end({ timeout: 5 });
        },
      },
      isPostgresUnavailable,
    );
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
