import { Hono } from 'hono';
import { isTokenShaped, MoveReviewBody, type MoveReviewResponse } from '@hindsight/protocol';
import { hashToken, spacePeerLinkId } from '../auth/tokens';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import type { SpaceIndexer } from '../spaces/indexer';
import type { Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { requireRole } from './access';
import { limitBody, parseBody } from './json';

export interface ReviewSpaceRoutesOptions {
  store: Store;
  rooms: Rooms;
  indexer: SpaceIndexer;
  log: Logger;
  maxBodyBytes: number;
}

/**
 * `/api/reviews/:id/space` (the review's facilitator): move the review into a team space, proving
 * with an admin token of that space that the mover may add to it, or take it out of its space.
 * Leaving a space closes (4401) every socket a token of that space opened on the review, on every
 * instance: from then on its tokens open nothing of it.
 */
export function reviewSpaceRoutes({ store, rooms, indexer, log, maxBodyBytes }: ReviewSpaceRoutesOptions) {
  const app = new Hono();

  app.put('/:id/space', limitBody(maxBodyBytes), async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const { spaceToken } = await parseBody(c.req.raw, MoveReviewBody);
    const link = isTokenShaped(spaceToken) ? await store.findSpaceToken(hashToken(spaceToken)) : null;
    if (!link || link.revokedAt !== null)
      throw new ApiError(403, 'bad_space_token', 'That is not an active space link.');
    if (link.role !== 'admin')
      throw new ApiError(403, 'admin_only', 'Moving a review into a space takes its admin link.');
    const space = await store.getSpace(link.spaceId);
    if (!space) throw new ApiError(403, 'bad_space_token', 'That is not an active space link.');
    const previous = (await store.getReview(reviewId))?.spaceId ?? null;
    await store.setReviewSpace(reviewId, space.id);
    if (previous && previous !== space.id) await closeSpacePeers(rooms, reviewId, previous);
    await indexer.refresh(reviewId);
    log.info('review.moved_to_space', { reviewId, spaceId: space.id });
    const body: MoveReviewResponse = { spaceId: space.id, name: space.name };
    return c.json(body);
  });

  app.delete('/:id/space', async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const previous = (await store.getReview(reviewId))?.spaceId ?? null;
    await store.setReviewSpace(reviewId, null);
    const closed = previous ? await closeSpacePeers(rooms, reviewId, previous) : 0;
    // Outside any space nothing refreshes the index: drop it rather than keep words gone stale.
    await store.dropReviewIndex(reviewId);
    log.info('review.removed_from_space', { reviewId, spaceId: previous, closed });
    return c.body(null, 204);
  });

  return app;
}

/** Closes the review's sockets opened with any token of the space, here and on the other instances. */
function closeSpacePeers(rooms: Rooms, reviewId: string, spaceId: string): Promise<number> {
  return rooms.revokeLinkConnections(reviewId, spacePeerLinkId(spaceId));
}
