import { Hono } from 'hono';
import type * as Y from 'yjs';
import { CloseReviewBody, type ControlResponse } from '@hindsight/protocol';
import { closeReview, readControl, reopenReview } from '@hindsight/review';
import type { AnonymousRelease } from '../anonymous/release';
import type { Logger } from '../log';
import type { Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { requireRole } from './access';
import { ApiError } from './errors';
import { limitBody, parseBody } from './json';

export interface ClosingRoutesOptions {
  store: Store;
  rooms: Rooms;
  release: AnonymousRelease;
  log: Logger;
  maxBodyBytes: number;
}

/** Refuses a change to a closed review (409): it is read-only for everyone until reopened. */
export function assertLive(doc: Y.Doc): void {
  if (readControl(doc).status === 'closed') {
    throw new ApiError(409, 'review_closed', 'This review is closed; the facilitator can reopen it.');
  }
}

/**
 * `/api/reviews/:id/close` and `/reopen` (facilitator). Closing records who (the facilitator's
 * display name) and when; from then on the sync server treats every connection as read-only and
 * the write routes answer 409. Anonymous findings still held are published first (shuffled), so
 * nothing written for the review is left out of its final state.
 */
export function closingRoutes({ store, rooms, release, log, maxBodyBytes }: ClosingRoutesOptions) {
  const app = new Hono();

  app.post('/:id/close', limitBody(maxBodyBytes), async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const { closedBy } = await parseBody(c.req.raw, CloseReviewBody);
    const control = await rooms.withRoom(reviewId, async (room) => {
      assertLive(room.doc);
      await release.release(reviewId);
      await room.applyServerChange((doc) => closeReview(doc, { by: closedBy, at: new Date().toISOString() }));
      return readControl(room.doc);
    });
    log.info('review.closed', { reviewId });
    const body: ControlResponse = { control };
    return c.json(body);
  });

  app.post('/:id/reopen', async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const control = await rooms.withRoom(reviewId, async (room) => {
      if (readControl(room.doc).status !== 'closed')
        throw new ApiError(409, 'not_closed', 'This review is not closed.');
      await room.applyServerChange((doc) => reopenReview(doc));
      return readControl(room.doc);
    });
    log.info('review.reopened', { reviewId });
    const body: ControlResponse = { control };
    return c.json(body);
  });

  return app;
}
