import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as Y from 'yjs';
import {
  ControlPatchBody,
  CreateReviewBody,
  IssueLinkBody,
  type IssueLinkResponse,
  type CreateReviewResponse,
  type JoinResponse,
  type ReviewInfoResponse,
  type Role,
} from '@hindsight/protocol';
import { applyControlPatch, initReview, readControl, readMeta } from '@hindsight/review';
import { authorize, bearerToken, hashToken, mintParticipantToken, mintReviewId, mintToken } from '../auth/tokens';
import type { Logger } from '../log';
import type { Store, TokenRecord } from '../store';
import type { Rooms } from '../sync/rooms';
import { ApiError } from './errors';
import { formatIssues, readJsonBody } from './json';

export interface ReviewRoutesOptions {
  store: Store;
  rooms: Rooms;
  log: Logger;
  maxBodyBytes: number;
  /** Base URL of the web app for links; when absent, the request's own origin. */
  publicUrl: string | undefined;
}

const LINK_ROLES: Array<[keyof CreateReviewResponse['tokens'], Role]> = [
  ['facilitator', 'facilitator'],
  ['edit', 'editor'],
  ['view', 'viewer'],
];

/** `/api/reviews`: create a review, read one with a bearer token. */
export function reviewRoutes({ store, rooms, log, maxBodyBytes, publicUrl }: ReviewRoutesOptions) {
  const app = new Hono();

  app.post(
    '/',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ApiError(413, 'body_too_large', `Request body exceeds ${maxBodyBytes} bytes.`);
      },
    }),
    async (c) => {
      const parsed = CreateReviewBody.safeParse(await readJsonBody(c.req.raw));
      if (!parsed.success) throw new ApiError(400, 'invalid_body', formatIssues(parsed.error.issues));
      const id = mintReviewId();
      const createdAt = new Date().toISOString();
      const doc = new Y.Doc();
      initReview(doc, { title: parsed.data.title, severity: parsed.data.severity });
      const severity = readMeta(doc).severity;
      const tokens = Object.fromEntries(
        LINK_ROLES.map(([link]) => [link, mintToken()]),
      ) as CreateReviewResponse['tokens'];
      const records: TokenRecord[] = LINK_ROLES.map(([link, role]) => ({
        hash: hashToken(tokens[link]),
        reviewId: id,
        role,
        createdAt,
      }));
      await store.createReview({ id, severity, createdAt }, records, Y.encodeStateAsUpdate(doc));
      doc.destroy();
      log.info('review.created', { reviewId: id });
      const base = publicUrl ?? new URL(c.req.url).origin;
      const link = (token: string) => `${base}/r/${id}#token=${token}`;
      const body: CreateReviewResponse = {
        id,
        links: { facilitator: link(tokens.facilitator), edit: link(tokens.edit), view: link(tokens.view) },
        tokens,
      };
      return c.json(body, 201);
    },
  );

  app.get('/:id', async (c) => {
    const reviewId = c.req.param('id');
    const decision = await authorize(store, reviewId, bearerToken(c.req.header('authorization')));
    if (!decision.ok) throw new ApiError(decision.status, decision.code, decision.message);
    const review = await store.getReview(reviewId);
    if (!review) throw new ApiError(404, 'not_found', 'No such review.');
    const meta = await readLiveMeta(store, rooms, reviewId);
    const body: ReviewInfoResponse = {
      id: reviewId,
      title: meta.title,
      severity: meta.severity,
      status: meta.status,
      createdAt: review.createdAt,
      role: decision.role,
    };
    return c.json(body);
  });

  // A facilitator on another device (or after sharing a link too widely) issues a new edit or view
  // link. Tokens are stored hashed, so earlier links cannot be shown again, only new ones made.
  app.post(
    '/:id/links',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ApiError(413, 'body_too_large', `Request body exceeds ${maxBodyBytes} bytes.`);
      },
    }),
    async (c) => {
      const reviewId = c.req.param('id');
      const decision = await authorize(store, reviewId, bearerToken(c.req.header('authorization')));
      if (!decision.ok) throw new ApiError(decision.status, decision.code, decision.message);
      if (decision.role !== 'facilitator') {
        throw new ApiError(403, 'facilitator_only', 'Only the facilitator can issue links.');
      }
      const parsed = IssueLinkBody.safeParse(await readJsonBody(c.req.raw));
      if (!parsed.success) throw new ApiError(400, 'invalid_body', formatIssues(parsed.error.issues));
      const token = mintToken();
      const role: Role = parsed.data.kind === 'edit' ? 'editor' : 'viewer';
      await store.createToken({ hash: hashToken(token), reviewId, role, createdAt: new Date().toISOString() });
      log.info('review.link_issued', { reviewId, role });
      const base = publicUrl ?? new URL(c.req.url).origin;
      const body: IssueLinkResponse = { kind: parsed.data.kind, link: `${base}/r/${reviewId}#token=${token}`, token };
      return c.json(body, 201);
    },
  );

  // The facilitator's controls (anonymity policy, phase and timer, vote budget) live in a root only
  // the server writes: the change is made here, stored, then relayed to every connected client.
  app.patch(
    '/:id/control',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new ApiError(413, 'body_too_large', `Request body exceeds ${maxBodyBytes} bytes.`);
      },
    }),
    async (c) => {
      const reviewId = c.req.param('id');
      const decision = await authorize(store, reviewId, bearerToken(c.req.header('authorization')));
      if (!decision.ok) throw new ApiError(decision.status, decision.code, decision.message);
      if (decision.role !== 'facilitator') {
        throw new ApiError(403, 'facilitator_only', "Only the facilitator can change the review's controls.");
      }
      const parsed = ControlPatchBody.safeParse(await readJsonBody(c.req.raw));
      if (!parsed.success) throw new ApiError(400, 'invalid_body', formatIssues(parsed.error.issues));
      const room = await rooms.acquire(reviewId);
      try {
        await room.applyServerChange((doc) => applyControlPatch(doc, parsed.data));
        log.info('review.control_changed', { reviewId, fields: Object.keys(parsed.data) });
        return c.json({ control: readControl(room.doc) });
      } finally {
        rooms.release(reviewId);
      }
    },
  );

  // Joining issues a personal participant identity (for vote budgets and one's own anonymous
  // findings). Nothing about the person is sent or stored: no name, no address, no agent.
  app.post('/:id/participants', async (c) => {
    const reviewId = c.req.param('id');
    const decision = await authorize(store, reviewId, bearerToken(c.req.header('authorization')));
    if (!decision.ok) throw new ApiError(decision.status, decision.code, decision.message);
    const participantToken = mintParticipantToken();
    await store.createParticipant({
      id: mintReviewId(),
      reviewId,
      tokenHash: hashToken(participantToken),
      role: decision.role,
      createdAt: new Date().toISOString(),
    });
    const body: JoinResponse = { participantToken, role: decision.role };
    return c.json(body, 201);
  });

  return app;
}

/** The review's current metadata: from its room when loaded, else rebuilt from storage. */
async function readLiveMeta(store: Store, rooms: Rooms, reviewId: string) {
  const room = await rooms.peek(reviewId).catch(() => undefined);
  if (room) return readMeta(room.doc);
  const stored = await store.loadDocument(reviewId);
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    return readMeta(doc);
  } finally {
    doc.destroy();
  }
}
