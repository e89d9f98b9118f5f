import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_LIMITS } from '@hindsight/protocol';
import type { AddressRates } from './limits/address-limits';
import { INDEX_DELAY_MS } from './spaces/indexer';
import type { TrustedProxy } from './limits/client-address';

const here = path.dirname(fileURLToPath(import.meta.url));
/** `./data` at the repository's top level, wherever the server is started from. */
const DEFAULT_DATA_DIR = path.resolve(here, '../../../data');

const intFrom = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);

/** Environment variables, their defaults and bounds; one place, validated once at start-up. */
const EnvSchema = z.object({
  PORT: intFrom(0, 65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/hindsight')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a Redis URL such as redis://127.0.0.1:6379')
    .optional(),
  HINDSIGHT_REDIS_PREFIX: z.string().min(1).max(100).default('hindsight:'),
  PUBLIC_URL: z.url({ error: 'must be an absolute URL such as https://hindsight.example.com' }).optional(),
  WEB_DIST: z.string().min(1).default(path.resolve(here, '../../web/dist')),
  HINDSIGHT_MAX_FRAME_BYTES: intFrom(1024, 64 * 1024 * 1024).default(DEFAULT_LIMITS.maxFrameBytes),
  HINDSIGHT_MAX_BODY_BYTES: intFrom(256, 16 * 1024 * 1024).default(DEFAULT_LIMITS.maxBodyBytes),
  HINDSIGHT_AWARENESS_PER_10S: intFrom(1, 100_000).default(DEFAULT_LIMITS.awarenessPer10s),
  HINDSIGHT_MAX_CONNECTIONS_PER_ROOM: intFrom(1, 100_000).default(DEFAULT_LIMITS.maxConnectionsPerRoom),
  HINDSIGHT_UPDATES_PER_SECOND: intFrom(1, 1_000_000).default(DEFAULT_LIMITS.updatesPerSecond),
  HINDSIGHT_UPDATE_BYTES_PER_MINUTE: intFrom(1024, 2 ** 40).default(DEFAULT_LIMITS.updateBytesPerMinute),
  HINDSIGHT_MAX_DOCUMENT_BYTES: intFrom(64 * 1024, 2 ** 40).default(DEFAULT_LIMITS.maxDocumentBytes),
  HINDSIGHT_SYNC_REQUESTS_PER_MINUTE: intFrom(1, 1_000_000).default(DEFAULT_LIMITS.syncRequestsPerMinute),
  HINDSIGHT_AWARENESS_QUERIES_PER_MINUTE: intFrom(1, 1_000_000).default(DEFAULT_LIMITS.awarenessQueriesPerMinute),
  HINDSIGHT_AWARENESS_FRAMES_PER_10S: intFrom(1, 1_000_000).default(DEFAULT_LIMITS.awarenessFramesPer10s),
  HINDSIGHT_AWARENESS_BYTES_PER_10S: intFrom(1024, 2 ** 40).default(DEFAULT_LIMITS.awarenessBytesPer10s),
  HINDSIGHT_MAX_BUFFERED_BYTES: intFrom(64 * 1024, 2 ** 40).default(DEFAULT_LIMITS.maxBufferedBytes),
  HINDSIGHT_MAX_BUFFERED_BYTES_PER_ROOM: intFrom(64 * 1024, 2 ** 40).default(DEFAULT_LIMITS.maxBufferedBytesPerRoom),
  HINDSIGHT_MAX_BUFFERED_BYTES_PER_PROCESS: intFrom(64 * 1024, 2 ** 40).default(
    DEFAULT_LIMITS.maxBufferedBytesPerProcess,
  ),
  HINDSIGHT_COMPACT_EVERY: intFrom(1, 1_000_000).default(500),
  HINDSIGHT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  // Per client address; 0 turns a limit off.
  HINDSIGHT_CREATES_PER_HOUR: intFrom(0, 1_000_000).default(DEFAULT_LIMITS.createsPerHour),
  HINDSIGHT_JOINS_PER_MINUTE: intFrom(0, 1_000_000).default(DEFAULT_LIMITS.joinsPerMinute),
  HINDSIGHT_UPGRADES_PER_MINUTE: intFrom(0, 1_000_000).default(DEFAULT_LIMITS.upgradesPerMinute),
  // Per shared link, from any address.
  HINDSIGHT_JOINS_PER_LINK_PER_MINUTE: intFrom(0, 1_000_000).default(DEFAULT_LIMITS.joinsPerLinkPerMinute),
  HINDSIGHT_TRUSTED_PROXY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as x-forwarded-for')
    .transform((name) => name.toLowerCase())
    .optional(),
  HINDSIGHT_TRUSTED_PROXY_HOPS: intFrom(1, 10).default(1),
  HINDSIGHT_HEADERS_TIMEOUT_MS: intFrom(100, 600_000).default(DEFAULT_LIMITS.headersTimeoutMs),
  HINDSIGHT_REQUEST_TIMEOUT_MS: intFrom(100, 3_600_000).default(DEFAULT_LIMITS.requestTimeoutMs),
  HINDSIGHT_KEEP_ALIVE_TIMEOUT_MS: intFrom(100, 600_000).default(DEFAULT_LIMITS.keepAliveTimeoutMs),
  HINDSIGHT_MAX_CONNECTIONS: intFrom(1, 1_000_000).default(DEFAULT_LIMITS.maxConnections),
  HINDSIGHT_RELEASE_DELAY_MIN_MS: intFrom(0, 3_600_000).default(20_000),
  HINDSIGHT_RELEASE_DELAY_MAX_MS: intFrom(0, 3_600_000).default(90_000),
  HINDSIGHT_CRASH_ROUTE: z.stringbool({ error: 'must be true or false' }).default(false),
  HINDSIGHT_CRASH_IN_COMPACTION: z.stringbool({ error: 'must be true or false' }).default(false),
  HINDSIGHT_CRASH_IN_RELEASE: z.stringbool({ error: 'must be true or false' }).default(false),
  HINDSIGHT_RELEASE_LEASE_MS: intFrom(100, 3_600_000).default(30_000),
  HINDSIGHT_FANOUT_DROP_EVERY: intFrom(0, 1_000_000).default(0),
  HINDSIGHT_RECHECK_SECONDS: intFrom(1, 86_400).default(30),
  HINDSIGHT_INDEX_DELAY_MS: intFrom(0, 3_600_000).default(INDEX_DELAY_MS),
  HINDSIGHT_WEBHOOK_ALLOW_LOCAL: z.stringbool({ error: 'must be true or false' }).default(false),
  HINDSIGHT_WEBHOOK_RETRY_BASE_MS: intFrom(10, 3_600_000).default(30_000),
  HINDSIGHT_WEBHOOK_SETTLE_MS: intFrom(10, 600_000).default(3_000),
  HINDSIGHT_WEBHOOK_SWEEP_SECONDS: intFrom(1, 86_400).default(300),
  HINDSIGHT_METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (a random secret)')
    .regex(/^\S+$/, 'must not contain spaces')
    .optional(),
});

/** Every environment variable the server reads (the README's configuration table lists each). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL to store in instead of the SQLite file in dataDir; undefined: SQLite. */
  databaseUrl: string | undefined;
  /** Redis that carries updates and events between instances; undefined: one instance, in-process fan-out. */
  redisUrl: string | undefined;
  /** Prefix of the Redis channels, so several deployments can share one Redis. */
  redisPrefix: string;
  /** Tests only: every n-th update published to Redis is dropped (0: none), to test gap filling. */
  fanoutDropEvery: number;
  /** How often each instance re-checks its sockets' links and its rooms' missed updates (see sync/recheck.ts). */
  recheckMs: number;
  /** How long after a stored change a review's team-space index is refreshed (see spaces/indexer.ts). */
  indexDelayMs: number;
  publicUrl: string | undefined;
  webDist: string;
  limits: {
    maxFrameBytes: number;
    maxBodyBytes: number;
    awarenessPer10s: number;
    maxConnectionsPerRoom: number;
    maxAwarenessStateBytes: number;
    /** Document updates one connection may send per second; beyond it the socket is closed (4429). */
    updatesPerSecond: number;
    /** Bytes of document updates one connection may send per minute; beyond it the socket is closed (4429). */
    updateBytesPerMinute: number;
    /** Largest stored document of one review; an update past it is refused (4413). */
    maxDocumentBytes: number;
    /** Sync step 1 messages one connection may send per minute; beyond it the socket is closed (4429). */
    syncRequestsPerMinute: number;
    /** Awareness queries one connection may send per minute; beyond it the socket is closed (4429). */
    awarenessQueriesPerMinute: number;
    /** Awareness frames one connection may send per 10 s, counted before parsing (beyond: 1008). */
    awarenessFramesPer10s: number;
    /** Bytes of awareness frames one connection may send per 10 s, counted before parsing (beyond: 1008). */
    awarenessBytesPer10s: number;
    /** Bytes queued unread for one socket (beyond a sync reply on its way) before it is closed (4408). */
    maxBufferedBytes: number;
    /** Bytes queued for one room's sockets together; over it the ones holding the most are closed (4408). */
    maxBufferedBytesPerRoom: number;
    /** Bytes queued for all sockets of the process; over it the ones holding the most are closed (4408). */
    maxBufferedBytesPerProcess: number;
  };
  /** Requests each client address may make per window; 0 means unlimited. */
  rates: AddressRates;
  /** Where the client's address comes from behind a reverse proxy; absent: the socket's peer. */
  trustedProxy: TrustedProxy | undefined;
  /** Node HTTP server settings: how long a client may take, and how many connections are held. */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  /**
   * The random delay before a live-released anonymous finding, or an author's change to a published
   * one, goes out (drawn uniformly from min to max).
   */
  releaseDelayMs: { min: number; max: number };
  /** Bearer token a Prometheus scraper presents at `/metrics`; undefined: the endpoint is off. */
  metricsToken: string | undefined;
  /** Webhooks: the address policy's escape hatch, the first retry's delay, the settle time and the sweep period. */
  webhooks: { allowLocal: boolean; retryBaseMs: number; settleMs: number; sweepMs: number };
  /** Tests only: mounts `POST /api/debug/crash`, which throws outside any handler. */
  crashRoute: boolean;
  /** Tests only: the process kills itself (SIGKILL) inside its first compaction, before it commits. */
  crashInCompaction: boolean;
  /** Tests only: the process kills itself (SIGKILL) in its first anonymous release, after claiming and writing. */
  crashInRelease: boolean;
  /** How long an instance's claim on the anonymous findings it publishes lasts before another may take them. */
  releaseLeaseMs: number;
  /** Compact a review's update log into its snapshot after this many appended updates. */
  compactEvery: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(defined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // A database URL may hold a password, the metrics token is one: name the variable, never echo its value.
      const secret = name === 'DATABASE_URL' || name === 'REDIS_URL' || name === 'HINDSIGHT_METRICS_TOKEN';
      const value = secret ? '(hidden)' : JSON.stringify(env[name]);
      return `  ${name}=${value}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.HINDSIGHT_RELEASE_DELAY_MAX_MS < e.HINDSIGHT_RELEASE_DELAY_MIN_MS) {
    throw new ConfigError(
      'Invalid configuration:\n  HINDSIGHT_RELEASE_DELAY_MAX_MS: must not be below HINDSIGHT_RELEASE_DELAY_MIN_MS',
    );
  }
  if (e.REDIS_URL && !e.DATABASE_URL) {
    // SQLite numbers updates across reviews in one file per process: instances could not share it,
    // nor tell a lost update from another review's.
    throw new ConfigError(
      'Invalid configuration:\n  REDIS_URL: several instances need one shared PostgreSQL; set DATABASE_URL too (SQLite serves one instance only)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    // pnpm runs scripts inside the package; a relative DATA_DIR means relative to where the user ran the command.
    dataDir: e.DATA_DIR ? path.resolve(env.INIT_CWD ?? process.cwd(), e.DATA_DIR) : DEFAULT_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.HINDSIGHT_REDIS_PREFIX,
    fanoutDropEvery: e.HINDSIGHT_FANOUT_DROP_EVERY,
    recheckMs: e.HINDSIGHT_RECHECK_SECONDS * 1000,
    indexDelayMs: e.HINDSIGHT_INDEX_DELAY_MS,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    webDist: path.resolve(e.WEB_DIST),
    limits: {
      maxFrameBytes: e.HINDSIGHT_MAX_FRAME_BYTES,
      maxBodyBytes: e.HINDSIGHT_MAX_BODY_BYTES,
      awarenessPer10s: e.HINDSIGHT_AWARENESS_PER_10S,
      maxConnectionsPerRoom: e.HINDSIGHT_MAX_CONNECTIONS_PER_ROOM,
      maxAwarenessStateBytes: DEFAULT_LIMITS.maxAwarenessStateBytes,
      updatesPerSecond: e.HINDSIGHT_UPDATES_PER_SECOND,
      updateBytesPerMinute: e.HINDSIGHT_UPDATE_BYTES_PER_MINUTE,
      maxDocumentBytes: e.HINDSIGHT_MAX_DOCUMENT_BYTES,
      syncRequestsPerMinute: e.HINDSIGHT_SYNC_REQUESTS_PER_MINUTE,
      awarenessQueriesPerMinute: e.HINDSIGHT_AWARENESS_QUERIES_PER_MINUTE,
      awarenessFramesPer10s: e.HINDSIGHT_AWARENESS_FRAMES_PER_10S,
      awarenessBytesPer10s: e.HINDSIGHT_AWARENESS_BYTES_PER_10S,
      maxBufferedBytes: e.HINDSIGHT_MAX_BUFFERED_BYTES,
      maxBufferedBytesPerRoom: e.HINDSIGHT_MAX_BUFFERED_BYTES_PER_ROOM,
      maxBufferedBytesPerProcess: e.HINDSIGHT_MAX_BUFFERED_BYTES_PER_PROCESS,
    },
    rates: {
      create: { points: e.HINDSIGHT_CREATES_PER_HOUR, seconds: 3600 },
      join: { points: e.HINDSIGHT_JOINS_PER_MINUTE, seconds: 60 },
      upgrade: { points: e.HINDSIGHT_UPGRADES_PER_MINUTE, seconds: 60 },
      joinLink: { points: e.HINDSIGHT_JOINS_PER_LINK_PER_MINUTE, seconds: 60 },
    },
    trustedProxy: e.HINDSIGHT_TRUSTED_PROXY_HEADER
      ? { header: e.HINDSIGHT_TRUSTED_PROXY_HEADER, hops: e.HINDSIGHT_TRUSTED_PROXY_HOPS }
      : undefined,
    http: {
      headersTimeoutMs: e.HINDSIGHT_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HINDSIGHT_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HINDSIGHT_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.HINDSIGHT_MAX_CONNECTIONS,
    },
    releaseDelayMs: { min: e.HINDSIGHT_RELEASE_DELAY_MIN_MS, max: e.HINDSIGHT_RELEASE_DELAY_MAX_MS },
    metricsToken: e.HINDSIGHT_METRICS_TOKEN,
    webhooks: {
      allowLocal: e.HINDSIGHT_WEBHOOK_ALLOW_LOCAL,
      retryBaseMs: e.HINDSIGHT_WEBHOOK_RETRY_BASE_MS,
      settleMs: e.HINDSIGHT_WEBHOOK_SETTLE_MS,
      sweepMs: e.HINDSIGHT_WEBHOOK_SWEEP_SECONDS * 1000,
    },
    crashRoute: e.HINDSIGHT_CRASH_ROUTE,
    crashInCompaction: e.HINDSIGHT_CRASH_IN_COMPACTION,
    crashInRelease: e.HINDSIGHT_CRASH_IN_RELEASE,
    releaseLeaseMs: e.HINDSIGHT_RELEASE_LEASE_MS,
    compactEvery: e.HINDSIGHT_COMPACT_EVERY,
    logLevel: e.HINDSIGHT_LOG_LEVEL,
  };
}
