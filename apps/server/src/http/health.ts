import { Hono } from 'hono';
import type { Fanout } from '../fanout';
import type { Store } from '../store';

/** How long the database or Redis may take to answer the health check before it counts as down. */
const PROBE_TIMEOUT_MS = 1_000;

export interface HealthOptions {
  store: Pick<Store, 'ping'>;
  /** The fan-out to the other instances; absent (route tests): `unused`. */
  fanout?: Pick<Fanout, 'health'>;
}

/**
 * `GET /api/health`: whether the database and Redis answer now. 503 only when the database does not:
 * without it nothing can be stored. Redis down leaves the status 200, as every instance keeps serving
 * its own clients then (and a balancer that took them all out would serve nobody).
 */
export function healthRoutes({ store, fanout }: HealthOptions) {
  return new Hono().get('/', async (c) => {
    const [database, redis] = await Promise.all([
      within(
        store.ping().then(() => 'ok' as const),
        'down',
      ),
      within(fanout?.health() ?? Promise.resolve('unused' as const), 'down'),
    ]);
    const ok = database === 'ok';
    return c.json({ ok, database, redis }, ok ? 200 : 503);
  });
}

/** What `probe` answers within PROBE_TIMEOUT_MS, else (or when it fails) `otherwise`. */
async function within<T>(probe: Promise<T>, otherwise: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(otherwise), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([probe, late]);
  } catch {
    return otherwise;
  } finally {
    clearTimeout(timer);
  }
}
