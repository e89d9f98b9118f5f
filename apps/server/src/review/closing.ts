import type * as Y from 'yjs';
import {
  closeReview as writeClosed,
  readControl,
  reopenReview as writeReopened,
  type ReviewControl,
} from '@hindsight/review';
import { ApiError } from '../errors';
import type { Rooms } from '../sync/rooms';
import type { AnonymousRelease } from './anonymous-release';

/**
 * Refuses a change to a closed review (409): it is read-only for everyone until reopened. Not beside
 * requireRole in http/access.ts: that decides who a request is, from its token, before any room is
 * touched; this is a rule about the review's state, read from the document, and the review rules
 * (voting, closing) judge it inside their tasks, after earlier ones have run; review/ never imports http/.
 */
export function assertLive(doc: Y.Doc): void {
  if (readControl(doc).status === 'closed') {
    throw new ApiError(409, 'review_closed', 'This review is closed; the facilitator can reopen it.');
  }
}

/**
 * Closes a live review, recording who (the facilitator's display name) and when; from then on the
 * sync server treats every connection as read-only and the write routes answer 409. Anonymous
 * findings still held are published first (shuffled), so nothing written for the review is left
 * out of its final state.
 */
export function closeReview(
  rooms: Rooms,
  release: AnonymousRelease,
  reviewId: string,
  closedBy: string,
): Promise<ReviewControl> {
  return rooms.withRoom(reviewId, async (room) => {
    assertLive(room.doc);
    await release.release(reviewId);
    // A task of its own (under the review lock, see rooms.runTask): the release above is one too.
    return rooms.runTask(reviewId, async (current) => {
      assertLive(current.doc);
      await current.applyServerChange((doc) => writeClosed(doc, { by: closedBy, at: new Date().toISOString() }));
      return readControl(current.doc);
    });
  });
}

/** Reopens a closed review (409 when it is not closed). */
export function reopenReview(rooms: Rooms, reviewId: string): Promise<ReviewControl> {
  return rooms.runTask(reviewId, async (room) => {
    if (readControl(room.doc).status !== 'closed') throw new ApiError(409, 'not_closed', 'This review is not closed.');
    await room.applyServerChange((doc) => writeReopened(doc));
    return readControl(room.doc);
  });
}
