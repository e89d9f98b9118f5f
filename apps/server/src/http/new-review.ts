import * as Y from 'yjs';
import type { CreateReviewResponse, Role } from '@hindsight/protocol';
import { readMeta } from '@hindsight/review';
import { hashToken, mintLinkId, mintReviewId, mintToken } from '../auth/tokens';
import type { Store, TokenRecord } from '../store';
import { boardLink } from './links';

const LINK_ROLES: Array<[keyof CreateReviewResponse['tokens'], Role]> = [
  ['facilitator', 'facilitator'],
  ['edit', 'editor'],
  ['view', 'viewer'],
];

/**
 * Stores `doc` as a new review with a fresh id and one link per role (only the tokens' hashes are
 * kept), in the team space `spaceId` if given, and returns what the creator gets back: the links and
 * tokens, shown this once. Shared by creating a review (in a space or not) and importing one.
 */
export async function storeNewReview(
  store: Store,
  doc: Y.Doc,
  urls: { publicUrl: string | undefined; requestUrl: string },
  spaceId: string | null = null,
): Promise<CreateReviewResponse> {
  const id = mintReviewId();
  const createdAt = new Date().toISOString();
  const tokens = Object.fromEntries(LINK_ROLES.map(([link]) => [link, mintToken()])) as CreateReviewResponse['tokens'];
  const records: TokenRecord[] = LINK_ROLES.map(([link, role]) => ({
    id: mintLinkId(),
    hash: hashToken(tokens[link]),
    reviewId: id,
    role,
    label: null,
    createdAt,
    expiresAt: null,
    revokedAt: null,
    personal: false,
  }));
  await store.createReview(
    { id, severity: readMeta(doc).severity, createdAt, spaceId },
    records,
    Y.encodeStateAsUpdate(doc),
  );
  const link = (token: string) => boardLink(urls.publicUrl, urls.requestUrl, id, token);
  return {
    id,
    links: { facilitator: link(tokens.facilitator), edit: link(tokens.edit), view: link(tokens.view) },
    tokens,
    linkIds: Object.fromEntries(
      LINK_ROLES.map(([link], index) => [link, records[index]!.id]),
    ) as CreateReviewResponse['tokens'],
  };
}
