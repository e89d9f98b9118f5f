import { Hono } from 'hono';
import type * as Y from 'yjs';
import {
  canFollowUp,
  FollowUpPatchBody,
  type FollowUpAction,
  type FollowUpActionResponse,
  type FollowUpActionsResponse,
} from '@hindsight/protocol';
import { listActions, ReviewInputError, updateAction, type ActionItem } from '@hindsight/review';
import type { Logger } from '../log';
import { ApiError } from '../errors';
import type { Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { requireRole } from './access';
import { limitBody, parseBody } from './json';

export interface FollowUpRoutesOptions {
  store: Store;
  rooms: Rooms;
  log: Logger;
  maxBodyBytes: number;
}

/**
 * `/api/reviews/:id/actions` (follow-up or facilitator link): the action items and where each fix
 * stands, and a change to one's status, owner, due date or progress note, so a script or a tracker
 * keeps them current without a browser. Open or closed alike: closing freezes the analysis, not the
 * fixes. A change is a server write through the room, so every open board shows it at once.
 */
export function followUpRoutes({ store, rooms, log, maxBodyBytes }: FollowUpRoutesOptions) {
  const app = new Hono();

  app.get('/:id/actions', async (c) => {
    const reviewId = c.req.param('id');
    await requireFollowUp(store, reviewId, c.req.header('authorization'));
    const actions = await rooms.withRoom(reviewId, (room) => listActions(room.doc).map(shown));
    const body: FollowUpActionsResponse = { actions };
    return c.json(body);
  });

  app.patch('/:id/actions/:actionId', limitBody(maxBodyBytes), async (c) => {
    const { id: reviewId, actionId } = c.req.param();
    await requireFollowUp(store, reviewId, c.req.header('authorization'));
    const patch = await parseBody(c.req.raw, FollowUpPatchBody);
    const action = await rooms.runTask(reviewId, async (room) => {
      if (!hasAction(room.doc, actionId)) throw actionNotFound();
      try {
        await room.applyServerChange((doc) => updateAction(doc, actionId, patch));
      } catch (err) {
        // Removed by a client write between the look and the change.
        if (err instanceof ReviewInputError) throw actionNotFound();
        throw err;
      }
      return listActions(room.doc).find((entry) => entry.id === actionId);
    });
    if (!action) throw actionNotFound();
    // Owner and progress are the team's words: not logged.
    log.info('review.action_followed_up', { reviewId, fields: Object.keys(patch).join(',') });
    const body: FollowUpActionResponse = { action: shown(action) };
    return c.json(body);
  });

  return app;
}

/** A follow-up or facilitator link for this review, else the right 400/401/403. */
async function requireFollowUp(store: Store, reviewId: string, authorization: string | undefined): Promise<void> {
  const { role } = await requireRole(store, reviewId, authorization);
  if (!canFollowUp(role)) {
    throw new ApiError(403, 'follow_up_only', 'Only a follow-up or facilitator link can do this.');
  }
}

function hasAction(doc: Y.Doc, actionId: string): boolean {
  return listActions(doc).some((action) => action.id === actionId);
}

function shown(action: ActionItem): FollowUpAction {
  const { id, title, priority, type, status, owner, due, progress } = action;
  return { id, title, priority, type, status, owner, due, progress };
}

function actionNotFound(): ApiError {
  return new ApiError(404, 'not_found', 'No such action item in this review.');
}
