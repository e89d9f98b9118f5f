import { Hono } from 'hono';
import { CloseReviewBody, type ControlResponse } from '@hindsight/protocol';
import type { Logger } from '../log';
import type { AnonymousRelease } from '../review/anonymous-release';
import { closeReview, reopenReview } from '../review/closing';
import type { Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { requireRole } from './access';
import { limitBody, parseBody } from './json';

export interface ClosingRoutesOptions {
  store: Store;
  rooms: Rooms;
  release: AnonymousRelease;
  log: Logger;
  maxBodyBytes: number;
}

/** `/api/reviews/:id/close` and `/reopen` (facilitator); the rules are in `review/closing.ts`. */
export function closingRoutes({ store, rooms, release, log, maxBodyBytes }: ClosingRoutesOptions) {
  const app = new Hono();

  app.post('/:id/close', limitBody(maxBodyBytes), async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const { closedBy } = await parseBody(c.req.raw, CloseReviewBody);
    const control = await closeReview(rooms, release, reviewId, closedBy);
    log.info('review.closed', { reviewId });
    const body: ControlResponse = { control };
    return c.json(body);
  });

  app.post('/:id/reopen', async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const control = await reopenReview(rooms, reviewId);
    log.info('review.reopened', { reviewId });
    const body: ControlResponse = { control };
    return c.json(body);
  });

  return app;
}
