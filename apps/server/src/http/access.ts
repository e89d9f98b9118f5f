import { canWrite, hasRole, isParticipantTokenShaped, isReviewId, isTokenShaped, type Role } from '@hindsight/protocol';
import { authorize, bearerToken, hashToken, spaceOfPeerLinkId } from '../auth/tokens';
import type { ParticipantRecord, Store } from '../store';
import { ApiError } from '../errors';
import { refusal } from './errors';

/** What a link token grants: the role, and the link it was minted for (and whether that is personal). */
export interface LinkAccess {
  role: Role;
  linkId: string;
  personal: boolean;
}

/**
 * The role (and link id) a link token (`Bearer hs_…`) grants on `reviewId`; throws the right
 * 400/401/403 when it grants none, or (with `required`) less than `required`.
 */
export async function requireRole(
  store: Store,
  reviewId: string,
  authorization: string | undefined,
  required?: Role,
): Promise<LinkAccess> {
  const decision = await authorize(store, reviewId, bearerToken(authorization));
  if (!decision.ok) throw refusal(decision);
  if (required && !hasRole(decision.role, required)) {
    throw new ApiError(403, `${required}_only`, `Only the ${required} can do this.`);
  }
  return { role: decision.role, linkId: decision.linkId, personal: decision.personal };
}

/** The participant a `Bearer hp_…` token names, for this review only. */
export async function requireParticipant(
  store: Store,
  reviewId: string,
  authorization: string | undefined,
): Promise<ParticipantRecord> {
  if (!isReviewId(reviewId)) throw new ApiError(400, 'bad_review_id', 'Malformed review id.');
  const token = bearerToken(authorization);
  if (!token || !isParticipantTokenShaped(token)) {
    throw new ApiError(401, 'unauthorized', 'A participant token is required (join the review first).');
  }
  const participant = await store.findParticipant(hashToken(token));
  if (!participant) throw new ApiError(401, 'unauthorized', 'Unknown participant token.');
  if (participant.reviewId !== reviewId) throw new ApiError(403, 'forbidden', 'This token does not open this review.');
  await requireSpaceStillOpens(store, participant);
  return participant;
}

/** A participant whose link lets them write (not a view link). */
export async function requireWritingParticipant(
  store: Store,
  reviewId: string,
  authorization: string | undefined,
): Promise<ParticipantRecord> {
  const participant = await requireParticipant(store, reviewId, authorization);
  if (!canWrite(participant.role)) throw new ApiError(403, 'read_only', 'A view link cannot do this.');
  return participant;
}

/** Which kind of token the Authorization header carries, without checking it. */
export function tokenKind(authorization: string | undefined): 'link' | 'participant' | 'none' {
  const token = bearerToken(authorization);
  if (token && isTokenShaped(token)) return 'link';
  if (token && isParticipantTokenShaped(token)) return 'participant';
  return 'none';
}

/**
 * A participant who joined through a space's link (a viewer) lasts only while that link opens the
 * review: not once the review left the space or the link was revoked. (A review link's participant
 * is checked by the store, which joins its link.)
 */
async function requireSpaceStillOpens(store: Store, participant: ParticipantRecord): Promise<void> {
  const spaceId = participant.linkId ? spaceOfPeerLinkId(participant.linkId) : null;
  if (!spaceId) return;
  const review = await store.getReview(participant.reviewId);
  const linkId = participant.linkId!.slice(`space:${spaceId}:`.length);
  const link = (await store.listSpaceTokens(spaceId)).find((entry) => entry.id === linkId);
  if (review?.spaceId !== spaceId || !link || link.revokedAt !== null) {
    throw new ApiError(401, 'revoked', 'The space link this participant joined through no longer opens this review.');
  }
}
