import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { CloseCode, DEFAULT_LIMITS } from '@hindsight/protocol';
import { SERVER_OWNED_ROOTS } from '@hindsight/review';
import { createApp } from './app';
import { AnonymousRelease } from './review/anonymous-release';
import type { Config } from './config';
import { openFanout } from './fanout/open';
import { startRecheck } from './sync/recheck';
import type { Logger } from './log';
import { openStore, type Store } from './store';
import { Rooms } from './sync/rooms';
import { checkNarrativeInsertion } from './sync/narrative-schema';
import { createUpgradeHandler } from './sync/upgrade';
import { AddressLimits } from './limits/address-limits';
import { rateLimitBy } from './http/rate-limit';
import { ServerMetrics } from './metrics/metrics';
import { SpaceIndexer } from './spaces/indexer';
import { Webhooks } from './webhooks';

export interface RunningServer {
  url: string;
  port: number;
  rooms: Rooms;
  store: Store;
  /** Stops accepting, closes sockets with 1001, flushes every room and closes storage. */
  close(): Promise<void>;
  /**
   * After an unexpected error, when the process's state is unknown: stops accepting, closes storage
   * first (nothing more is written; every update a client saw is already stored), then closes every
   * WebSocket with 1011. Resolves once they closed, or after a short grace; the caller then exits.
   */
  crash(): Promise<void>;
}

/** How often Node checks the header and request timeouts: they are enforced within this much. */
const TIMEOUT_CHECK_INTERVAL_MS = 500;
/** How long a crashing process waits for its WebSockets to take the 1011 close. */
const CRASH_CLOSE_GRACE_MS = 2_000;
/** Dropped connections (over the cap) are logged at most once per this period, with their count. */
const DROP_LOG_INTERVAL_MS = 10_000;

/** Opens storage and starts HTTP, the API and the sync endpoint on one port. */
export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const store = await openStore(config);
  if (config.crashInCompaction) log.warn('crash_in_compaction_enabled', {});
  const fanout = await openFanout(config, log);
  const metrics = new ServerMetrics();
  // Told of every update this instance stores and every room it loads, to keep the spaces' index current.
  const indexer = new SpaceIndexer(store, log, config.indexDelayMs);
  const rooms = new Rooms(store, log, {
    metrics,
    fanout,
    maxAwarenessStateBytes: config.limits.maxAwarenessStateBytes,
    awarenessPer10s: config.limits.awarenessPer10s,
    serverOwnedRoots: new Set(SERVER_OWNED_ROOTS),
    insertionRule: checkNarrativeInsertion,
    compactEvery: config.compactEvery,
    maxDocumentBytes: config.limits.maxDocumentBytes,
    // The space index refreshes; the webhooks (bound below: they need the rooms) diff the review
    // once its changes settle.
    onStored: (reviewId) => {
      indexer.changed(reviewId);
      webhooks.reviewChanged(reviewId);
    },
    onLoaded: (room) => indexer.loaded(room),
  });
  indexer.attach(rooms);
  const webhooks = new Webhooks(store, rooms, log, config.webhooks);
  if (config.webhooks.allowLocal) log.warn('webhooks_allow_local', {});
  metrics.countRooms(() => rooms.size);
  if (config.crashInRelease) log.warn('crash_in_release_enabled', {});
  // Lapsed claims are sought as often as the rooms are re-checked (the other safety net across instances).
  const release = new AnonymousRelease(store, rooms, log, config.releaseDelayMs, {
    leaseMs: config.releaseLeaseMs,
    sweepMs: config.recheckMs,
    crashAfterClaim: config.crashInRelease,
  });
  // With several instances the per-address counts are shared through Redis (loaded only then).
  const sharedLimits = config.redisUrl
    ? (await import('./limits/redis-limiter')).openRedisLimiters(config.redisUrl, config.redisPrefix)
    : undefined;
  const addressLimits = new AddressLimits(config.rates, sharedLimits?.makeLimiter);
  const app = createApp({
    store,
    rooms,
    release,
    log,
    maxBodyBytes: config.limits.maxBodyBytes,
    publicUrl: config.publicUrl,
    webDist: config.webDist,
    rateLimit: rateLimitBy(addressLimits, config.trustedProxy),
    crashRoute: config.crashRoute,
    fanout,
    metrics,
    metricsToken: config.metricsToken,
    indexer,
    webhooks,
  });
  if (config.crashRoute) log.warn('crash_route_enabled', { route: 'POST /api/debug/crash' });
  const upgrades = createUpgradeHandler({
    store,
    rooms,
    log,
    limits: { ...config.limits, upgradeTimeoutMs: DEFAULT_LIMITS.upgradeTimeoutMs },
    addressLimits,
    trustedProxy: config.trustedProxy,
    metrics,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        serverOptions: {
          headersTimeout: config.http.headersTimeoutMs,
          requestTimeout: config.http.requestTimeoutMs,
          keepAliveTimeout: config.http.keepAliveTimeoutMs,
          connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
        },
      },
      () => resolve(s as Server),
    );
    s.once('error', reject);
  });
  // Past the cap Node closes a new connection at once, unanswered (WebSockets count too).
  server.maxConnections = config.http.maxConnections;
  logDroppedConnections(server, log, config.http.maxConnections);
  server.on('upgrade', upgrades.handle);
  await release.start();
  webhooks.start();
  const stopRecheck = startRecheck(rooms, store, log, config.recheckMs);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  /** No new connection, upgrade or anonymous release from here on. */
  const stopAccepting = () => {
    server.close();
    upgrades.close();
    release.stop();
    void webhooks.stop();
    stopRecheck();
  };
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopAccepting();
      // The refreshes still due run now, while the rooms and the store are open.
      await indexer.flush();
      // Attempts in flight are recorded before the store closes (or their lease lets another instance retry).
      await webhooks.stop();
      await rooms.closeAll(CloseCode.GoingAway, 'server shutting down');
      server.closeAllConnections();
      await fanout.close();
      await sharedLimits?.close();
      await store.close();
    })());

  let crashing: Promise<void> | undefined;
  const crash = () =>
    (crashing ??= (async () => {
      stopAccepting();
      await store.close();
      await upgrades.closeAll(CloseCode.InternalError, 'server error', CRASH_CLOSE_GRACE_MS);
    })());

  return { url, port, rooms, store, close, crash };
}

/** Logs connections refused over the cap: the first at once, later ones as a count per interval. */
function logDroppedConnections(server: Server, log: Logger, maxConnections: number): void {
  let dropped = 0;
  let loggedAt = 0;
  server.on('drop', () => {
    dropped++;
    if (Date.now() - loggedAt < DROP_LOG_INTERVAL_MS) return;
    log.warn('http.connections_dropped', { dropped, maxConnections });
    dropped = 0;
    loggedAt = Date.now();
  });
}
