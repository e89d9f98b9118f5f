import { createHash, randomBytes } from 'node:crypto';
import { isReviewId, isTokenShaped, type Role } from '@hindsight/protocol';
import type { Store } from '../store';

/** Mints a capability token: 256 random bits, url-safe. Only its hash is ever stored. */
export function mintToken(): string {
  return 'hs_' + randomBytes(32).toString('base64url');
}

/** Mints a link's public id: 96 random bits, url-safe; unrelated to the link's token. */
export function mintLinkId(): string {
  return randomBytes(12).toString('base64url');
}

/** Mints a participant token: 256 random bits; it identifies one person's browser in one review. */
export function mintParticipantToken(): string {
  return 'hp_' + randomBytes(32).toString('base64url');
}

/** Mints a review id: 128 random bits, url-safe. */
export function mintReviewId(): string {
  return randomBytes(16).toString('base64url');
}

/** The stored form of a token. A plain SHA-256 suffices: tokens are random, not passwords. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type AccessDecision =
  | {
      ok: true;
      role: Role;
      /** Public id of the link the token belongs to: live sockets remember it, to close them on revocation. */
      linkId: string;
      /** Whether it is a personal link (one participant only). */
      personal: boolean;
      /** When the token stops working (UTC ISO), or null for never. */
      expiresAt: string | null;
    }
  | {
      ok: false;
      status: 400 | 401 | 403;
      code: string;
      message: string;
      /** For `expired`: when the link stopped working (UTC ISO). */
      expiredAt?: string;
    };

/**
 * Decides what `token` may do on `reviewId` at `now` (ms since the epoch). A malformed id or a
 * missing / malformed token is refused without touching storage; otherwise one read of the token
 * table. A revoked or expired token opens nothing (401), whichever review it is tried on.
 */
export async function authorize(
  store: Store,
  reviewId: string,
  token: string | undefined | null,
  now: number = Date.now(),
): Promise<AccessDecision> {
  if (!isReviewId(reviewId)) return { ok: false, status: 400, code: 'bad_review_id', message: 'Malformed review id.' };
  if (!token) return { ok: false, status: 401, code: 'unauthorized', message: 'A token is required.' };
  if (!isTokenShaped(token)) return { ok: false, status: 401, code: 'unauthorized', message: 'Unknown token.' };
  const record = await store.findToken(hashToken(token));
  if (!record) return authorizeSpaceToken(store, reviewId, hashToken(token));
  if (record.revokedAt !== null) {
    return {
      ok: false,
      status: 401,
      code: 'revoked',
      message: 'This link was revoked by the facilitator. Ask them for a new link.',
    };
  }
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now) {
    return {
      ok: false,
      status: 401,
      code: 'expired',
      message: `This link expired at ${record.expiresAt}. Ask the facilitator for a new link.`,
      expiredAt: record.expiresAt,
    };
  }
  if (record.reviewId !== reviewId) {
    return { ok: false, status: 403, code: 'forbidden', message: 'This token does not open this review.' };
  }
  return { ok: true, role: record.role, linkId: record.id, personal: record.personal, expiresAt: record.expiresAt };
}

/**
 * What a team space's token may do on a review: read it, as a viewer, while the review is in that
 * space; nothing on any other review. Live sockets opened this way carry a link id under the space
 * (`spacePeerLinkId`), so taking the review out of the space closes them.
 */
async function authorizeSpaceToken(store: Store, reviewId: string, hash: string): Promise<AccessDecision> {
  const spaceToken = await store.findSpaceToken(hash);
  if (!spaceToken) return { ok: false, status: 401, code: 'unauthorized', message: 'Unknown token.' };
  if (spaceToken.revokedAt !== null) {
    return {
      ok: false,
      status: 401,
      code: 'revoked',
      message: 'This space link was revoked. Ask the space admin for a new link.',
    };
  }
  const review = await store.getReview(reviewId);
  if (review?.spaceId !== spaceToken.spaceId) {
    return { ok: false, status: 403, code: 'forbidden', message: 'This token does not open this review.' };
  }
  return {
    ok: true,
    role: 'viewer',
    linkId: spacePeerLinkId(spaceToken.spaceId, spaceToken.id),
    personal: false,
    expiresAt: null,
  };
}

/**
 * The link id a connection or participant opened with a space token carries: under the space's own
 * (`space:<spaceId>`), so closing that closes every connection any of the space's links opened.
 */
export function spacePeerLinkId(spaceId: string, spaceLinkId?: string): string {
  return spaceLinkId === undefined ? `space:${spaceId}` : `space:${spaceId}:${spaceLinkId}`;
}

/** The space a `spacePeerLinkId` names, or null for a review's own link id. */
export function spaceOfPeerLinkId(linkId: string): string | null {
  return /^space:([^:]+)(?::|$)/.exec(linkId)?.[1] ?? null;
}

/** Reads a bearer token from an Authorization header value. */
export function bearerToken(header: string | undefined | null): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
