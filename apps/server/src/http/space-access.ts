import { isReviewId, isTokenShaped } from '@hindsight/protocol';
import { bearerToken, hashToken } from '../auth/tokens';
import { ApiError } from '../errors';
import type { SpaceRole, SpaceTokenRecord, Store } from '../store';

/** What a space token grants on its space, with the token itself (the space's review links carry it). */
export interface SpaceAccess {
  role: SpaceRole;
  token: string;
  link: SpaceTokenRecord;
}

/**
 * The role a space token (`Bearer hs_…`) grants on `spaceId`: 400 for a malformed id, 401 without a
 * token, with an unknown one (a review's token is unknown here: it opens no space) or a revoked
 * one, 403 with another space's token or (with `required: 'admin'`) a member's.
 */
export async function requireSpaceRole(
  store: Store,
  spaceId: string,
  authorization: string | undefined,
  required?: 'admin',
): Promise<SpaceAccess> {
  if (!isReviewId(spaceId)) throw new ApiError(400, 'bad_space_id', 'Malformed space id.');
  const token = bearerToken(authorization);
  if (!token) throw new ApiError(401, 'unauthorized', 'A token is required.');
  const link = isTokenShaped(token) ? await store.findSpaceToken(hashToken(token)) : null;
  if (!link) throw new ApiError(401, 'unauthorized', 'Unknown token.');
  if (link.revokedAt !== null) {
    throw new ApiError(401, 'revoked', 'This space link was revoked. Ask the space admin for a new link.');
  }
  if (link.spaceId !== spaceId) throw new ApiError(403, 'forbidden', 'This token does not open this space.');
  if (required === 'admin' && link.role !== 'admin') {
    throw new ApiError(403, 'admin_only', 'Only a space admin can do this.');
  }
  return { role: link.role, token, link };
}
