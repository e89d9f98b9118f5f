import {
  AnonymousFindingResponse,
  type AnonymousFindingBody,
  type AnonymousFindingPatchBody,
} from '@hindsight/protocol';
import { NO_CONTENT, request, reviewPath, withToken } from '../../app/api';

/** Anonymous findings over the API: the server publishes them, so nothing in the document links them to us. */

const base = (reviewId: string) => `${reviewPath(reviewId)}/anonymous-findings`;
const json = (token: string, method: string, body: unknown): RequestInit => ({ method, ...withToken(token, body) });

/** Posts a finding with this browser's participant token; the server holds it until it is released. */
export function postAnonymousFinding(
  reviewId: string,
  participantToken: string,
  body: AnonymousFindingBody,
): Promise<AnonymousFindingResponse> {
  return request(base(reviewId), json(participantToken, 'POST', body), AnonymousFindingResponse);
}

/** Changes one: the author with the participant token and the secret, or the facilitator with their link token. */
export function patchAnonymousFinding(
  reviewId: string,
  token: string,
  findingId: string,
  body: AnonymousFindingPatchBody,
): Promise<AnonymousFindingResponse> {
  return request(
    `${base(reviewId)}/${encodeURIComponent(findingId)}`,
    json(token, 'PATCH', body),
    AnonymousFindingResponse,
  );
}

/** Deletes one, held or published (same credentials as a change). */
export async function deleteAnonymousFinding(
  reviewId: string,
  token: string,
  findingId: string,
  secret: string | undefined,
): Promise<void> {
  await request(
    `${base(reviewId)}/${encodeURIComponent(findingId)}`,
    json(token, 'DELETE', secret ? { secret } : {}),
    NO_CONTENT,
  );
}
