import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type * as Y from 'yjs';
import {
  AnonymousFindingBody,
  AnonymousFindingDeleteBody,
  AnonymousFindingPatchBody,
  type AnonymousFindingResponse,
  type HeldFindingsResponse,
  type RevealFindingsResponse,
} from '@hindsight/protocol';
import {
  editAnonymousFinding,
  isAnonymousFinding,
  newId,
  readControl,
  removeAnonymousFinding,
  rootCauseId,
  rootCausesFrozen,
  shownRootCauseIds,
} from '@hindsight/review';
import { hashToken } from '../auth/tokens';
import { coarseTime, liveReleaseDelay, type AnonymousRelease } from '../review/anonymous-release';
import { assertLive } from '../review/closing';
import type { AnonymousFindingRecord, Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { requireRole, requireWritingParticipant, tokenKind } from './access';
import { ApiError } from './errors';
import { limitBody, parseBody } from './json';

export interface AnonymousRoutesOptions {
  store: Store;
  rooms: Rooms;
  release: AnonymousRelease;
  maxBodyBytes: number;
}

/** Most findings one review may hold unreleased, so nobody can fill the disk through the API. */
export const MAX_HELD_FINDINGS = 500;

const FINDING_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * `/api/reviews/:id/anonymous-findings`: anonymous findings that no one can link to their author.
 *
 * A participant posts one with their participant token and a secret only their browser keeps. The
 * server checks the token and then records nothing about the request: no participant, no address,
 * no log line, only the secret's hash beside the new id. The finding is held until released (the
 * facilitator's reveal, shuffled; or a random delay in live mode), then written into the document
 * by the server with its own Yjs client id. Only the secret's holder or the facilitator can change
 * or delete it afterwards.
 */
export function anonymousRoutes({ store, rooms, release, maxBodyBytes }: AnonymousRoutesOptions) {
  const app = new Hono();

  app.post('/:id/anonymous-findings', limitBody(maxBodyBytes), async (c) => {
    const reviewId = c.req.param('id');
    await requireWritingParticipant(store, reviewId, c.req.header('authorization'));
    const body = await parseBody(c.req.raw, AnonymousFindingBody);
    const control = await rooms.withRoom(reviewId, (room) => {
      assertLive(room.doc);
      return readControl(room.doc);
    });
    if (control.anonymity === 'named') {
      throw new ApiError(409, 'anonymity_off', 'The facilitator has asked for named findings in this review.');
    }
    const now = new Date();
    const record: AnonymousFindingRecord = {
      reviewId,
      id: newId(),
      secretHash: hashToken(body.secret),
      held: true,
      category: body.category,
      text: body.text,
      createdAt: coarseTime(now),
      releaseAt: control.release === 'live' ? new Date(now.getTime() + liveReleaseDelay()).toISOString() : null,
    };
    await release.serialize(reviewId, async () => {
      if ((await store.countHeldFindings(reviewId)) >= MAX_HELD_FINDINGS) {
        throw new ApiError(429, 'too_many_held', 'Too many findings are waiting; ask the facilitator to reveal them.');
      }
      await store.holdAnonymousFinding(record);
    });
    if (record.releaseAt) release.schedule(reviewId, record.releaseAt);
    const response: AnonymousFindingResponse = { id: record.id, held: true };
    return c.json(response, 201);
  });

  app.patch('/:id/anonymous-findings/:findingId', limitBody(maxBodyBytes), async (c) => {
    const { id: reviewId, findingId } = c.req.param();
    const patch = await parseBody(c.req.raw, AnonymousFindingPatchBody);
    await authorizeChange(store, reviewId, findingId, c.req.header('authorization'), patch.secret);
    await rooms.withRoom(reviewId, (room) => assertLive(room.doc));
    const { text, category } = patch;
    const held = await release.serialize(reviewId, async () => {
      // No row at all: published without a secret (an imported review); only the facilitator gets here.
      const record = await store.findAnonymousFinding(reviewId, findingId);
      if (record?.held) {
        await store.updateHeldFinding(reviewId, findingId, {
          ...(text ? { text } : {}),
          ...(category ? { category } : {}),
        });
        return true;
      }
      await rooms.withRoom(reviewId, async (room) => {
        if (!isAnonymousFinding(room.doc, findingId)) throw notFound();
        await room.applyServerChange((doc) =>
          editAnonymousFinding(doc, findingId, { ...(text ? { text } : {}), ...(category ? { category } : {}) }),
        );
      });
      return false;
    });
    const response: AnonymousFindingResponse = { id: findingId, held };
    return c.json(response);
  });

  app.delete('/:id/anonymous-findings/:findingId', limitBody(maxBodyBytes), async (c) => {
    const { id: reviewId, findingId } = c.req.param();
    const body = await parseBody(c.req.raw, AnonymousFindingDeleteBody);
    await authorizeChange(store, reviewId, findingId, c.req.header('authorization'), body.secret);
    await rooms.withRoom(reviewId, (room) => assertLive(room.doc));
    await release.serialize(reviewId, async () => {
      const record = await store.findAnonymousFinding(reviewId, findingId);
      if (!record?.held) {
        await rooms.withRoom(reviewId, async (room) => {
          if (!isAnonymousFinding(room.doc, findingId)) {
            if (!record) throw notFound();
            return;
          }
          assertNotFrozenCandidate(room.doc, findingId);
          await room.applyServerChange((doc) => removeAnonymousFinding(doc, findingId));
        });
      }
      if (record) await store.deleteAnonymousFinding(reviewId, findingId);
    });
    return c.body(null, 204);
  });

  // How many wait for the reveal: the facilitator's cue, and nothing about who or when.
  app.get('/:id/anonymous-findings/held', async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const response: HeldFindingsResponse = { held: await store.countHeldFindings(reviewId) };
    return c.json(response);
  });

  app.post('/:id/anonymous-findings/reveal', async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    await rooms.withRoom(reviewId, (room) => assertLive(room.doc));
    const response: RevealFindingsResponse = { revealed: await release.release(reviewId) };
    return c.json(response);
  });

  return app;
}

/**
 * The facilitator (link token) may change any anonymous finding of their review; anyone else needs
 * a writing participant token and the finding's secret.
 */
async function authorizeChange(
  store: Store,
  reviewId: string,
  findingId: string,
  authorization: string | undefined,
  secret: string | undefined,
): Promise<void> {
  if (tokenKind(authorization) === 'link') {
    await requireRole(store, reviewId, authorization, 'facilitator');
    if (!FINDING_ID.test(findingId)) throw notFound();
    return;
  }
  await requireWritingParticipant(store, reviewId, authorization);
  if (!FINDING_ID.test(findingId)) throw notFound();
  const record = await store.findAnonymousFinding(reviewId, findingId);
  if (!record) throw notFound();
  if (!secret || !sameHash(record.secretHash, hashToken(secret))) {
    throw new ApiError(
      403,
      'not_author',
      'Only the author of an anonymous finding, or the facilitator, can change it.',
    );
  }
}

function notFound(): ApiError {
  return new ApiError(404, 'not_found', 'No such anonymous finding.');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A root-cause candidate stays while voting is open, closed or locked (the sync server refuses the
 * same deletion from a client): 409 until voting is back to not started.
 */
function assertNotFrozenCandidate(doc: Y.Doc, findingId: string): void {
  if (!rootCausesFrozen(readControl(doc).voting)) return;
  if (!shownRootCauseIds(doc).includes(rootCauseId({ kind: 'finding', id: findingId }))) return;
  throw new ApiError(
    409,
    'candidates_frozen',
    'This note is a root-cause candidate and voting has started: it can be deleted once voting is back to not started.',
  );
}
