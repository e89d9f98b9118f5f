import { Hono } from 'hono';

/**
 * Tests only (`HINDSIGHT_CRASH_ROUTE=true`, off by default): `POST /api/debug/crash` throws outside
 * any handler, as a bug in a timer or socket callback would, so a test can watch the process end
 * (`?kind=rejection` leaves a promise rejection unhandled instead). Never mounted unless configured.
 */
export function crashRoutes() {
  const app = new Hono();
  app.post('/crash', (c) => {
    const kind = c.req.query('kind') === 'rejection' ? 'rejection' : 'exception';
    setImmediate(() => {
      if (kind === 'rejection') void Promise.reject(new Error('crash requested: unhandled rejection'));
      else throw new Error('crash requested: uncaught exception');
    });
    return c.json({ crashing: kind }, 202);
  });
  return app;
}
