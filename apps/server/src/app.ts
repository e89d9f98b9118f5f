import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Logger } from './log';
import { StoreUnavailableError, type Store } from './store';
import type { Fanout } from './fanout';
import type { ServerMetrics } from './metrics/metrics';
import type { Rooms } from './sync/rooms';
import { ApiError } from './errors';
import { renderError } from './http/errors';
import { reviewRoutes } from './http/reviews';
import { linkRoutes } from './http/links';
import { voteRoutes } from './http/votes';
import { anonymousRoutes } from './http/anonymous';
import { closingRoutes } from './http/closing';
import { followUpRoutes } from './http/follow-up';
import { exportRoutes } from './http/export';
import { crashRoutes } from './http/crash';
import { healthRoutes } from './http/health';
import { metricsRoutes } from './http/metrics';
import { spaceWebhookRoutes, webhookRoutes } from './http/webhooks';
import type { RateLimit } from './http/rate-limit';
import { AnonymousRelease } from './review/anonymous-release';
import { spaceRoutes } from './http/spaces';
import { reviewSpaceRoutes } from './http/review-space';
import { SpaceIndexer } from './spaces/indexer';
import { Webhooks } from './webhooks';

export interface AppOptions {
  store: Store;
  rooms: Rooms;
  /** Releases held anonymous findings; the server passes the one it starts and stops (tests may omit it). */
  release?: AnonymousRelease;
  log: Logger;
  maxBodyBytes: number;
  publicUrl: string | undefined;
  /** Folder of the built web app; served at `/` when it exists. */
  webDist: string;
  /** Rate limits by client address on the routes open to anyone (create, import, join). */
  rateLimit: RateLimit;
  /** The fan-out, whose link to Redis the health check reports; absent: `unused`. */
  fanout?: Fanout;
  /** Served at `/metrics` when `metricsToken` is set. */
  metrics?: ServerMetrics;
  metricsToken?: string;
  /** Keeps the team spaces' index current; the server passes the one its rooms report to (tests may omit it). */
  indexer?: SpaceIndexer;
  /** Webhooks of reviews; the server passes the one it starts and stops (route tests may omit it: a stopped one). */
  webhooks?: Webhooks;
  /** Tests only: mounts `POST /api/debug/crash` (http/crash.ts). */
  crashRoute?: boolean;
}

/** Registration only (nothing is sent): for route tests that pass no webhooks. */
const UNSTARTED_WEBHOOKS = { allowLocal: false, retryBaseMs: 30_000, settleMs: 3_000, sweepMs: 300_000 };

/** The Hono app: the REST API under /api and the built web app everywhere else. */
export function createApp(options: AppOptions) {
  const app = new Hono();
  app.onError((err, c) => {
    // One line per refused request, so an outage shows in the logs as the requests it turned away.
    if (err instanceof StoreUnavailableError) {
      options.log.warn('http.database_unavailable', { method: c.req.method, path: c.req.path, err: err.message });
    }
    return renderError(err, c);
  });

  app.route('/api/health', healthRoutes(options));
  app.route('/metrics', metricsRoutes({ metrics: options.metrics, token: options.metricsToken }));
  app.route('/api/reviews', reviewRoutes(options));
  app.route('/api/reviews', linkRoutes(options));
  app.route('/api/reviews', voteRoutes(options));
  const release = options.release ?? new AnonymousRelease(options.store, options.rooms, options.log);
  app.route('/api/reviews', anonymousRoutes({ ...options, release }));
  app.route('/api/reviews', closingRoutes({ ...options, release }));
  app.route('/api/reviews', exportRoutes(options));
  app.route('/api/reviews', followUpRoutes(options));
  const indexer = options.indexer ?? attachedIndexer(options);
  app.route('/api/reviews', reviewSpaceRoutes({ ...options, indexer }));
  app.route('/api/spaces', spaceRoutes({ ...options, indexer }));
  const webhooks = options.webhooks ?? new Webhooks(options.store, options.rooms, options.log, UNSTARTED_WEBHOOKS);
  app.route('/api/reviews', webhookRoutes({ ...options, webhooks }));
  app.route('/api/spaces', spaceWebhookRoutes({ ...options, webhooks }));
  if (options.crashRoute) app.route('/api/debug', crashRoutes());
  app.all('/api/*', () => {
    throw new ApiError(404, 'not_found', 'No such API route.');
  });

  const indexFile = path.join(options.webDist, 'index.html');
  if (fs.existsSync(indexFile)) {
    const root = path.relative(process.cwd(), options.webDist) || '.';
    // Hashed build assets: compressed on the way out and cached for good (their names change with content).
    app.use('/assets/*', compress(), async (c, next) => {
      await next();
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/assets/*', serveStatic({ root }));
    app.use('/*', serveStatic({ root }));
    // Client-side routes (/r/:id) get the app shell; the fragment with the token never reaches us.
    app.get('*', (c) => c.html(fs.readFileSync(indexFile, 'utf8')));
  } else {
    app.get('*', (c) =>
      c.text(`Hindsight API is running, but the web app is not built (${options.webDist}). Run: pnpm build`, 503),
    );
  }
  return app;
}

/** An indexer for an app given none: it indexes on demand (no room reports its changes to it). */
function attachedIndexer(options: AppOptions): SpaceIndexer {
  const indexer = new SpaceIndexer(options.store, options.log);
  indexer.attach(options.rooms);
  return indexer;
}
