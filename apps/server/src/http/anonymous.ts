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
} from '@hindsight/review';
import { hashToken } from '../auth/tokens';
import { coarseTime, isFrozenCandidate, type AnonymousRelease } from '../review/anonymous-release';
import { assertLive } from '../review/closing';
import type { AnonymousFindingRecord, Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { requireRole, requireWritingParticipant, tokenKind } from './access';
import { ApiError } from '../errors';
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
 * or delete it afterwards; the holder's change to a published one waits for a random delay too
 * (the facilitator's applies at once: moderation, by someone everyone knows).
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
    const createdAt = coarseTime(new Date());
    const record: AnonymousFindingRecord = {
      reviewId,
      id: newId(),
      secretHash: hashToken(body.secret),
      held: true,
      category: body.category,
      text: body.text,
      createdAt,
      // Live: the moment it goes out is drawn and kept in memory; the row knows only the quarter hour.
      releaseAt: control.release === 'live' ? createdAt : null,
      pendingChange: null,
    };
    await rooms.runTask(reviewId, async () => {
      // Counted by the store with the insert: posts racing on other instances cannot pass the cap either.
      if (!(await store.holdAnonymousFinding(record, MAX_HELD_FINDINGS))) {
        throw new ApiError(429, 'too_many_held', 'Too many findings are waiting; ask the facilitator to reveal them.');
      }
    });
    if (record.releaseAt) release.delay(reviewId, record.id);
    const response: AnonymousFindingResponse = { id: record.id, held: true };
    return c.json(response, 201);
  });

  app.patch('/:id/anonymous-findings/:findingId', limitBody(maxBodyBytes), async (c) => {
    const { id: reviewId, findingId } = c.req.param();
    const patch = await parseBody(c.req.raw, AnonymousFindingPatchBody);
    const who = await authorizeChange(store, reviewId, findingId, c.req.header('authorization'), patch.secret);
    await rooms.withRoom(reviewId, (room) => assertLive(room.doc));
    const change = {
      ...(patch.text ? { text: patch.text } : {}),
      ...(patch.category ? { category: patch.category } : {}),
    };
    const held = await rooms.runTask(reviewId, async (room) => {
      // No row at all: published without a secret (an imported review); only the facilitator gets here.
      const record = await store.findAnonymousFinding(reviewId, findingId);
      if (record?.held) {
        await store.updateHeldFinding(reviewId, findingId, change);
        return true;
      }
      if (!isAnonymousFinding(room.doc, findingId)) throw notFound();
      if (who === 'author') {
        // Relayed now, it would arrive the moment its author stops typing: it waits for a random delay.
        await store.holdChange(reviewId, findingId, { kind: 'edit', ...change }, coarseTime(new Date()));
        release.delay(reviewId, findingId);
        return false;
      }
      await room.applyServerChange((doc) => editAnonymousFinding(doc, findingId, change));
      return false;
    });
    const response: AnonymousFindingResponse = { id: findingId, held };
    return c.json(response);
  });

  app.delete('/:id/anonymous-findings/:findingId', limitBody(maxBodyBytes), async (c) => {
    const { id: reviewId, findingId } = c.req.param();
    const body = await parseBody(c.req.raw, AnonymousFindingDeleteBody);
    const who = await authorizeChange(store, reviewId, findingId, c.req.header('authorization'), body.secret);
    await rooms.withRoom(reviewId, (room) => assertLive(room.doc));
    await rooms.runTask(reviewId, async (room) => {
      const record = await store.findAnonymousFinding(reviewId, findingId);
      if (!record?.held) {
        if (isAnonymousFinding(room.doc, findingId)) {
          assertNotFrozenCandidate(room.doc, findingId);
          if (who === 'author') {
            // Like a rewording: gone after a random delay, not the moment its author clicked.
            await store.holdChange(reviewId, findingId, { kind: 'delete' }, coarseTime(new Date()));
            release.delay(reviewId, findingId);
            return;
          }
          await room.applyServerChange((doc) => removeAnonymousFinding(doc, findingId));
        } else if (!record) {
          throw notFound();
        }
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
): Promise<'facilitator' | 'author'> {
  if (tokenKind(authorization) === 'link') {
    await requireRole(store, reviewId, authorization, 'facilitator');
    if (!FINDING_ID.test(findingId)) throw notFound();
    return 'facilitator';
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
  return 'author';
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
  if (!isFrozenCandidate(doc, findingId)) return;
  throw new ApiError(
    409,
    'candidates_frozen',
    'This note is a root-cause candidate and voting has started: it can be deleted once voting is back to not started.',
  );
}
