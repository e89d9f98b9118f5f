import {
  CreateReviewResponse,
  CreateSpaceResponse,
  IssueSpaceLinkResponse,
  SpaceActionsResponse,
  SpaceLinksResponse,
  SpaceResponse,
  SpaceSearchResponse,
  SpaceWeaknessesResponse,
  type CreateReviewBody,
  type SpaceLinkKind,
} from '@hindsight/protocol';
import { NO_CONTENT, request, withToken } from '../app/api';
import { downloadWithToken } from '../app/download';
import { searchParams, type SpaceFilters } from './space-filters';

/** The team-space API calls of the space page. Each needs a token of the space (admin or member). */

/** `/api/spaces/:id`, the id encoded: the base of every route of one space. */
export function spacePath(spaceId: string): string {
  return `/api/spaces/${encodeURIComponent(spaceId)}`;
}

const signalled = (signal?: AbortSignal) => (signal ? { signal } : {});

/** `POST /api/spaces`: a new space, with its admin and member links. */
export function createSpace(name: string): Promise<CreateSpaceResponse> {
  return request(
    '/api/spaces',
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) },
    CreateSpaceResponse,
  );
}

/** `GET /api/spaces/:id`: the space, the caller's role in it and its reviews, newest first. */
export function fetchSpace(spaceId: string, token: string, signal?: AbortSignal): Promise<SpaceResponse> {
  return request(spacePath(spaceId), { ...withToken(token), ...signalled(signal) }, SpaceResponse);
}

/** `GET /api/spaces/:id/search`: the reviews passing the filters, with the hits of the words asked. */
export function searchSpace(
  spaceId: string,
  token: string,
  filters: SpaceFilters,
  signal?: AbortSignal,
): Promise<SpaceSearchResponse> {
  const query = searchParams(filters);
  return request(
    `${spacePath(spaceId)}/search${query ? `?${query}` : ''}`,
    { ...withToken(token), ...signalled(signal) },
    SpaceSearchResponse,
  );
}

/** `GET /api/spaces/:id/actions`: every action item of the space's reviews, overdue first. */
export function fetchSpaceActions(spaceId: string, token: string, signal?: AbortSignal): Promise<SpaceActionsResponse> {
  return request(`${spacePath(spaceId)}/actions`, { ...withToken(token), ...signalled(signal) }, SpaceActionsResponse);
}

/** `GET /api/spaces/:id/actions.csv`, saved as a download. */
export function downloadSpaceActions(spaceId: string, token: string): Promise<void> {
  return downloadWithToken(`${spacePath(spaceId)}/actions.csv`, token, 'space-actions.csv');
}

/** `GET /api/spaces/:id/weaknesses`: per weakness, the reviews and root causes naming it and its open actions. */
export function fetchSpaceWeaknesses(
  spaceId: string,
  token: string,
  signal?: AbortSignal,
): Promise<SpaceWeaknessesResponse> {
  return request(
    `${spacePath(spaceId)}/weaknesses`,
    { ...withToken(token), ...signalled(signal) },
    SpaceWeaknessesResponse,
  );
}

/** `POST /api/spaces/:id/reviews` (admin): a new review in the space; the same links as any new review. */
export function createSpaceReview(
  spaceId: string,
  token: string,
  body: CreateReviewBody,
): Promise<CreateReviewResponse> {
  return request(`${spacePath(spaceId)}/reviews`, { method: 'POST', ...withToken(token, body) }, CreateReviewResponse);
}

/** `POST /api/spaces/:id/links` (admin): one more link of `kind`. */
export function issueSpaceLink(spaceId: string, token: string, kind: SpaceLinkKind): Promise<IssueSpaceLinkResponse> {
  return request(
    `${spacePath(spaceId)}/links`,
    { method: 'POST', ...withToken(token, { kind }) },
    IssueSpaceLinkResponse,
  );
}

/** `GET /api/spaces/:id/links` (admin): every link of the space, oldest first, never a token. */
export function fetchSpaceLinks(spaceId: string, token: string): Promise<SpaceLinksResponse> {
  return request(`${spacePath(spaceId)}/links`, withToken(token), SpaceLinksResponse);
}

/** `DELETE /api/spaces/:id/links/:linkId` (admin): the link stops working at once (its sockets too). */
export function revokeSpaceLink(spaceId: string, token: string, linkId: string): Promise<void> {
  return request(
    `${spacePath(spaceId)}/links/${encodeURIComponent(linkId)}`,
    { method: 'DELETE', ...withToken(token) },
    NO_CONTENT,
  );
}
