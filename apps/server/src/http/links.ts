import { Hono } from 'hono';
import {
  IssueLinkBody,
  LINK_ID_PATTERN,
  type IssueLinkResponse,
  type LinkKind,
  type LinksResponse,
  type Role,
} from '@hindsight/protocol';
import { hashToken, mintLinkId, mintToken } from '../auth/tokens';
import type { Logger } from '../log';
import type { LinkRecord, Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { requireRole } from './access';
import { ApiError } from '../errors';
import { limitBody, parseBody } from './json';

export interface LinkRoutesOptions {
  store: Store;
  rooms: Rooms;
  log: Logger;
  maxBodyBytes: number;
  /** Base URL of the web app for links; when absent, the request's own origin. */
  publicUrl: string | undefined;
}

const KIND_OF_ROLE: Record<Role, LinkKind> = {
  facilitator: 'facilitator',
  editor: 'edit',
  'follow-up': 'follow-up',
  viewer: 'view',
};
const ROLE_OF_KIND: Record<LinkKind, Role> = {
  facilitator: 'facilitator',
  edit: 'editor',
  'follow-up': 'follow-up',
  view: 'viewer',
  personal: 'editor',
};

/** The kind of link a stored token is. */
function kindOf(link: LinkRecord): LinkKind {
  return link.personal ? 'personal' : KIND_OF_ROLE[link.role];
}

/**
 * `/api/reviews/:id/links` (facilitator only): list a review's share links, issue new ones (with an
 * optional label and expiry; a facilitator link makes a co-facilitator) and revoke them. A revoked link stops working at once: HTTP answers 401 and
 * every live socket opened with it is closed with 4401.
 */
export function linkRoutes({ store, rooms, log, maxBodyBytes, publicUrl }: LinkRoutesOptions) {
  const app = new Hono();

  app.get('/:id/links', async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const now = Date.now();
    const body: LinksResponse = { links: (await store.listTokens(reviewId)).map((link) => linkInfo(link, now)) };
    return c.json(body);
  });

  // A facilitator on another device (or after sharing a link too widely) issues a new link: edit,
  // view, or facilitator for a co-facilitator (only a facilitator gets here, so nobody can raise
  // their own access). Tokens are stored hashed, so earlier links cannot be shown again.
  app.post('/:id/links', limitBody(maxBodyBytes), async (c) => {
    const reviewId = c.req.param('id');
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    const { kind, label, expiresAt } = await parseBody(c.req.raw, IssueLinkBody);
    const token = mintToken();
    const role = ROLE_OF_KIND[kind];
    const record = {
      id: mintLinkId(),
      hash: hashToken(token),
      reviewId,
      role,
      label: label ?? null,
      createdAt: new Date().toISOString(),
      // Normalised to UTC, so stored times compare as text.
      expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
      revokedAt: null,
      personal: kind === 'personal',
    };
    await store.createToken(record);
    // The label is the facilitator's words: not logged.
    log.info('review.link_issued', { reviewId, kind, linkId: record.id, expires: record.expiresAt !== null });
    const body: IssueLinkResponse = {
      id: record.id,
      kind,
      label: record.label,
      link: boardLink(publicUrl, c.req.url, reviewId, token),
      token,
      expiresAt: record.expiresAt,
    };
    return c.json(body, 201);
  });

  // Revoking is immediate: the token is refused from now on, sockets opened with it are closed here
  // before the answer, and on other instances as soon as the fan-out tells them.
  app.delete('/:id/links/:linkId', async (c) => {
    const { id: reviewId, linkId } = c.req.param();
    await requireRole(store, reviewId, c.req.header('authorization'), 'facilitator');
    if (!LINK_ID_PATTERN.test(linkId)) throw linkNotFound();
    const outcome = await store.revokeToken(reviewId, linkId, new Date().toISOString());
    if (!outcome.ok && outcome.reason === 'not_found') throw linkNotFound();
    if (!outcome.ok) {
      throw new ApiError(
        409,
        'last_facilitator',
        'This is the review’s only active facilitator link; revoking it would leave nobody to run the review.',
      );
    }
    const closed = await rooms.revokeLinkConnections(reviewId, linkId);
    log.info('review.link_revoked', { reviewId, linkId, closed });
    return c.body(null, 204);
  });

  return app;
}

/** A link to the board carrying `token` in its fragment (never sent to a server by browsers). */
export function boardLink(publicUrl: string | undefined, requestUrl: string, reviewId: string, token: string): string {
  return `${publicUrl ?? new URL(requestUrl).origin}/r/${reviewId}#token=${token}`;
}

function linkInfo(link: LinkRecord, now: number): LinksResponse['links'][number] {
  const expired = link.expiresAt !== null && Date.parse(link.expiresAt) <= now;
  return {
    id: link.id,
    kind: kindOf(link),
    label: link.label,
    createdAt: link.createdAt,
    expiresAt: link.expiresAt,
    revokedAt: link.revokedAt,
    active: link.revokedAt === null && !expired,
  };
}

function linkNotFound(): ApiError {
  return new ApiError(404, 'not_found', 'No such link in this review.');
}
