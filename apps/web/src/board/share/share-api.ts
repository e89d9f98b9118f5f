import { IssueLinkResponse, LinksResponse, type LinkKind } from '@hindsight/protocol';
import { NO_CONTENT, request, reviewPath, withToken } from '../../app/api';

/** The facilitator's API calls for the review's invite links. Each needs the facilitator's link token. */

const linksPath = (reviewId: string) => `${reviewPath(reviewId)}/links`;

/** `GET /api/reviews/:id/links` (facilitator): every link of the review, never a token. */
export function fetchLinks(reviewId: string, token: string): Promise<LinksResponse> {
  return request(linksPath(reviewId), withToken(token), LinksResponse);
}

/**
 * `POST /api/reviews/:id/links` (facilitator): a new link of `kind` (facilitator: a co-facilitator's),
 * labelled `label` (null: none), expiring at `expiresAt` (null: never).
 */
export function issueShareLink(
  reviewId: string,
  token: string,
  kind: LinkKind,
  label: string | null,
  expiresAt: string | null,
): Promise<IssueLinkResponse> {
  return request(
    linksPath(reviewId),
    { method: 'POST', ...withToken(token, { kind, label, expiresAt }) },
    IssueLinkResponse,
  );
}

/** `DELETE /api/reviews/:id/links/:linkId` (facilitator): the link stops working at once. */
export function revokeShareLink(reviewId: string, token: string, linkId: string): Promise<void> {
  return request(
    `${linksPath(reviewId)}/${encodeURIComponent(linkId)}`,
    { method: 'DELETE', ...withToken(token) },
    NO_CONTENT,
  );
}
