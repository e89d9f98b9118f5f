import { createHash, randomBytes } from 'node:crypto';
import { isReviewId, isTokenShaped, type Role } from '@hindsight/protocol';
import type { Store } from '../store';

/** Mints a capability token: 256 random bits, url-safe. Only its hash is ever stored. */
export function mintToken(): string {
  return 'hs_' + randomBytes(32).toString('base64url');
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
  | { ok: true; role: Role }
  | { ok: false; status: 400 | 401 | 403; code: string; message: string };

/**
 * Decides what `token` may do on `reviewId`. A malformed id or a missing / malformed token is refused
 * without touching storage; otherwise one read of the token table.
 */
export async function authorize(
  store: Store,
  reviewId: string,
  token: string | undefined | null,
): Promise<AccessDecision> {
  if (!isReviewId(reviewId)) return { ok: false, status: 400, code: 'bad_review_id', message: 'Malformed review id.' };
  if (!token) return { ok: false, status: 401, code: 'unauthorized', message: 'A token is required.' };
  if (!isTokenShaped(token)) return { ok: false, status: 401, code: 'unauthorized', message: 'Unknown token.' };
  const record = await store.findToken(hashToken(token));
  if (!record) return { ok: false, status: 401, code: 'unauthorized', message: 'Unknown token.' };
  if (record.reviewId !== reviewId) {
    return { ok: false, status: 403, code: 'forbidden', message: 'This token does not open this review.' };
  }
  return { ok: true, role: record.role };
}

/** Reads a bearer token from an Authorization header value. */
export function bearerToken(header: string | undefined | null): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
