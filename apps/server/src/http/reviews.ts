import { Hono } from 'hono';
import * as Y from 'yjs';
import {
  ControlPatchBody,
  type ControlResponse,
  CreateReviewBody,
  type JoinResponse,
  type ReviewInfoResponse,
} from '@hindsight/protocol';
import { initReview, readMeta } from '@hindsight/review';
import { hashToken, mintParticipantToken, mintReviewId } from '../auth/tokens';
import type { Logger } from '../log';
import { changeControl } from '../review/voting';
import type { Store } from '../store';
import { rebuildDocument } from '../sync/rebuild';
import type { Rooms } from '../sync/rooms';
import { requireRole } from './access';
import { ApiError } from '../errors';
import { limitBody, parseBody } from './json';
import { storeNewReview } from './new-review';
import type { RateLimit } from './rate-limit';

export interface ReviewRoutesOptions {
  store: Store;
  rooms: Rooms;
  log: Logger;
  maxBodyBytes: number;
  /** Base URL of the web app for links; when absent, the request's own origin. */
  publicUrl: string | undefined;
  /** Counts creating and joining against the client address: both are open to anyone. */
  rateLimit: RateLimit;
}

/** `/api/reviews`: create a review, read one with a bearer token. */
export function reviewRoutes({ store, rooms, log, maxBodyBytes, publicUrl, rateLimit }: ReviewRoutesOptions) {
  const app = new Hono();

  app.post('/', rateLimit('create'), limitBody(maxBodyBytes), async (c) => {
    const input = await parseBody(c.req.raw, CreateReviewBody);
    const doc = new Y.Doc();
    initReview(doc, { title: input.title, severity: input.severity });
    const body = await storeNewReview(store, doc, { publicUrl, requestUrl: c.req.url });
    doc.destroy();
    log.info('review.created', { reviewId: body.id });
    return c.json(body, 201);
  });

  app.get('/:id', async (c) => {
    const reviewId = c.req.param('id');
    const { role } = await requireRole(store, reviewId, c.req.header('authorization'));
    const review = await store.getReview(reviewId);
    if (!review) throw new ApiError(404, 'not_found', 'No such review.');
    const meta = await readLiveMeta(store, rooms, log, reviewId);
    const size = role === 'facilitator' ? (await rooms.peek(reviewId).catch(() => undefined))?.size : undefined;
    // Read after the meta: rebuilding the document may have just quarantined a row.
    const quarantined = role === 'facilitator' ? (await store.quarantinedUpdates(reviewId)).length : 0;
    const space = role === 'facilitator' && review.spaceId ? await store.getSpace(review.spaceId) : null;
    const body: ReviewInfoResponse = {
      id: reviewId,
      title: meta.title,
      severity: meta.severity,
      status: meta.status,
      createdAt: review.createdAt,
      role,
      ...(quarantined > 0 ? { degraded: { quarantinedUpdates: quarantined } } : {}),
      ...(size?.full ? { full: { documentBytes: size.documentBytes, maxDocumentBytes: size.maxDocumentBytes } } : {}),
      ...(role === 'facilitator' ? { space: space ? { id: space.id, name: space.name } : null } : {}),
    };
    return c.json(body);
  });

  // The facilitator's controls (anonymity policy, phase and timer, vote budget) live in a root only
  // the server writes: the change is made here, stored, then relayed to every connected client.
  // Revealing the votes publishes their tallies there too; locking them is final (see voting.ts).
  app.patch('/:id/control', limitBody(maxBodyBytes), async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const patch = await parseBody(c.req.raw, ControlPatchBody);
    const control = await changeControl(store, rooms, reviewId, patch);
    log.info('review.control_changed', { reviewId, fields: Object.keys(patch) });
    const body: ControlResponse = { control };
    return c.json(body);
  });

  // Joining issues a personal participant identity (for vote budgets and one's own anonymous
  // findings). Nothing about the person is sent or stored: no name, no address, no agent. The
  // identity remembers its link only so that it ends when the link is revoked or expires.
  // A personal link binds to the first participant who joins through it; a second join is refused
  // (its token is stored hashed, so the first identity cannot be handed out again). Joins through a
  // shared link are counted per link, from any address.
  app.post('/:id/participants', rateLimit('join'), async (c) => {
    const reviewId = c.req.param('id');
    const { role, linkId, personal } = await requireRole(store, reviewId, c.req.header('authorization'));
    if (!personal) await rateLimit.perKey('joinLink', linkId);
    const participantToken = mintParticipantToken();
    const created = await store.createParticipant(
      {
        id: mintReviewId(),
        reviewId,
        tokenHash: hashToken(participantToken),
        role,
        linkId,
        createdAt: new Date().toISOString(),
      },
      { onePerLink: personal },
    );
    if (!created) {
      throw new ApiError(
        409,
        'personal_link_used',
        'Someone already joined through this personal link. Ask the facilitator for a new one.',
      );
    }
    const body: JoinResponse = { participantToken, role };
    return c.json(body, 201);
  });

  return app;
}

/** The review's current metadata: from its room when loaded, else rebuilt from storage. */
async function readLiveMeta(store: Store, rooms: Rooms, log: Logger, reviewId: string) {
  const room = await rooms.peek(reviewId).catch(() => undefined);
  if (room) return readMeta(room.doc);
  const { doc } = await rebuildDocument(reviewId, store, log);
  try {
    return readMeta(doc);
  } finally {
    doc.destroy();
  }
}
