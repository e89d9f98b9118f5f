import { Hono, type Context } from 'hono';
import * as Y from 'yjs';
import {
  CreateReviewBody,
  CreateSpaceBody,
  IMPORT_MAX_BYTES,
  IssueSpaceLinkBody,
  LINK_ID_PATTERN,
  SpaceSearchQuery,
  type CreateSpaceResponse,
  type IssueSpaceLinkResponse,
  type SpaceActionsResponse,
  type SpaceLinksResponse,
  type SpaceResponse,
  type SpaceSearchResponse,
  type SpaceWeaknessesResponse,
} from '@hindsight/protocol';
import { initReview } from '@hindsight/review';
import { hashToken, mintLinkId, mintReviewId, mintToken, spacePeerLinkId } from '../auth/tokens';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import { searchTerms } from '../store/space-search';
import type { SpaceLinkRecord, SpaceRole, SpaceTokenRecord, Store } from '../store';
import type { SpaceIndexer } from '../spaces/indexer';
import {
  passesFilters,
  spaceActions,
  spaceActionsCsv,
  spaceWeaknesses,
  summaryView,
  type IndexedReview,
} from '../spaces/views';
import type { Rooms } from '../sync/rooms';
import { fileSlug, importedDocument } from './export';
import { limitBody, parseBody } from './json';
import { boardLink } from './links';
import { storeNewReview } from './new-review';
import type { RateLimit } from './rate-limit';
import { requireSpaceRole } from './space-access';

export interface SpaceRoutesOptions {
  store: Store;
  rooms: Rooms;
  indexer: SpaceIndexer;
  log: Logger;
  maxBodyBytes: number;
  publicUrl: string | undefined;
  /** Creating a space counts against the same per-address budget as creating a review. */
  rateLimit: RateLimit;
  /** Largest import body; default IMPORT_MAX_BYTES (2 MiB), as for `POST /api/reviews/import`. */
  maxImportBytes?: number;
}

/** Most matching texts shown per review in search results. */
const HITS_PER_REVIEW = 3;

/**
 * `/api/spaces` (README, "Team spaces"): create a space; read it, search it, its follow-ups and
 * recurring weaknesses (admin or member); create reviews in it and manage its links (admin). All
 * of it is read from the reviews' index entries (spaces/indexer.ts), never from their documents.
 */
export function spaceRoutes({
  store,
  rooms,
  indexer,
  log,
  maxBodyBytes,
  publicUrl,
  rateLimit,
  maxImportBytes = IMPORT_MAX_BYTES,
}: SpaceRoutesOptions) {
  const app = new Hono();
  const origin = (c: Context) => publicUrl ?? new URL(c.req.url).origin;
  const spaceLink = (c: Context, spaceId: string, token: string) => `${origin(c)}/s/${spaceId}#token=${token}`;

  /** The space's reviews with their summaries, newest first; a review not yet indexed is indexed now. */
  const indexedReviews = async (spaceId: string): Promise<IndexedReview[]> => {
    const rows = await store.listSpaceReviews(spaceId);
    return Promise.all(
      rows.map(async (row) => ({
        reviewId: row.reviewId,
        createdAt: row.createdAt,
        summary: row.summary ?? (await indexer.refresh(row.reviewId)).summary,
      })),
    );
  };
  /** The caller's space and its reviews, with the links to them (carrying the caller's token). */
  const readSpace = async (c: Context, required?: 'admin') => {
    const spaceId = c.req.param('id')!;
    const access = await requireSpaceRole(store, spaceId, c.req.header('authorization'), required);
    const space = await store.getSpace(spaceId);
    if (!space) throw new ApiError(404, 'not_found', 'No such space.');
    const linkOf = (reviewId: string) => boardLink(publicUrl, c.req.url, reviewId, access.token);
    return { space, access, linkOf };
  };

  app.post('/', rateLimit('create'), limitBody(maxBodyBytes), async (c) => {
    const { name } = await parseBody(c.req.raw, CreateSpaceBody);
    const id = mintReviewId();
    const createdAt = new Date().toISOString();
    const tokens = { admin: mintToken(), member: mintToken() };
    await store.createSpace({ id, name, createdAt }, [
      newSpaceToken(id, 'admin', tokens.admin, null, createdAt),
      newSpaceToken(id, 'member', tokens.member, null, createdAt),
    ]);
    log.info('space.created', { spaceId: id });
    const body: CreateSpaceResponse = {
      id,
      name,
      links: { admin: spaceLink(c, id, tokens.admin), member: spaceLink(c, id, tokens.member) },
      tokens,
    };
    return c.json(body, 201);
  });

  app.get('/:id', async (c) => {
    const { space, access, linkOf } = await readSpace(c);
    const reviews = await indexedReviews(space.id);
    const body: SpaceResponse = {
      id: space.id,
      name: space.name,
      role: access.role,
      createdAt: space.createdAt,
      reviews: reviews.map((review) => summaryView(review, linkOf(review.reviewId))),
    };
    return c.json(body);
  });

  /** Stores `doc` as a new review in the space and indexes it; answers like POST /api/reviews. */
  const createIn = async (c: Context, spaceId: string, doc: Y.Doc, event: string) => {
    try {
      const body = await storeNewReview(store, doc, { publicUrl, requestUrl: c.req.url }, spaceId);
      await indexer.refreshFrom(body.id, doc);
      log.info(event, { reviewId: body.id, spaceId });
      return c.json(body, 201);
    } finally {
      doc.destroy();
    }
  };

  // A review made here is the creator's like any other (they get its facilitator link); the space's
  // tokens open it read-only. It counts against the address's creation budget like any review.
  app.post('/:id/reviews', rateLimit('create'), limitBody(maxBodyBytes), async (c) => {
    const { space } = await readSpace(c, 'admin');
    const input = await parseBody(c.req.raw, CreateReviewBody);
    const doc = new Y.Doc();
    initReview(doc, { title: input.title, severity: input.severity });
    return createIn(c, space.id, doc, 'review.created');
  });

  app.post('/:id/reviews/import', rateLimit('create'), limitBody(maxImportBytes), async (c) => {
    const { space } = await readSpace(c, 'admin');
    return createIn(c, space.id, await importedDocument(c.req.raw), 'review.imported');
  });

  app.get('/:id/search', async (c) => {
    const { space, linkOf } = await readSpace(c);
    const query = parseQuery(c);
    const reviews = (await indexedReviews(space.id)).filter((review) => passesFilters(review, query));
    // A query without a word (only punctuation) asks nothing: every review passing the filters.
    const terms = searchTerms(query.q ?? '');
    let hitsOf: Map<string, SpaceSearchResponse['reviews'][number]['hits']> | undefined;
    if (terms.words.length > 0) {
      const matches = await store.searchSpace(space.id, terms, HITS_PER_REVIEW);
      hitsOf = new Map(matches.map((match) => [match.reviewId, match.hits]));
    }
    const body: SpaceSearchResponse = {
      reviews: reviews
        .filter((review) => !hitsOf || hitsOf.has(review.reviewId))
        .map((review) => ({
          ...summaryView(review, linkOf(review.reviewId)),
          hits: hitsOf?.get(review.reviewId) ?? [],
        })),
    };
    return c.json(body);
  });

  const readActions = async (c: Context) => {
    const { space, linkOf } = await readSpace(c);
    const today = new Date().toISOString().slice(0, 10);
    return { space, actions: spaceActions(await indexedReviews(space.id), today, linkOf) };
  };

  app.get('/:id/actions', async (c) => {
    const { actions } = await readActions(c);
    const body: SpaceActionsResponse = { actions };
    return c.json(body);
  });

  app.get('/:id/actions.csv', async (c) => {
    const { space, actions } = await readActions(c);
    return new Response(spaceActionsCsv(actions), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileSlug(space.name, 'space')}-actions.csv"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });

  app.get('/:id/weaknesses', async (c) => {
    const { space } = await readSpace(c);
    const body: SpaceWeaknessesResponse = spaceWeaknesses(await indexedReviews(space.id));
    return c.json(body);
  });

  app.get('/:id/links', async (c) => {
    const { space } = await readSpace(c, 'admin');
    const body: SpaceLinksResponse = { links: (await store.listSpaceTokens(space.id)).map(linkInfo) };
    return c.json(body);
  });

  app.post('/:id/links', limitBody(maxBodyBytes), async (c) => {
    const { space } = await readSpace(c, 'admin');
    const { kind, label } = await parseBody(c.req.raw, IssueSpaceLinkBody);
    const token = mintToken();
    const record = newSpaceToken(space.id, kind, token, label ?? null, new Date().toISOString());
    await store.createSpaceToken(record);
    log.info('space.link_issued', { spaceId: space.id, kind, linkId: record.id });
    const body: IssueSpaceLinkResponse = {
      id: record.id,
      kind,
      label: record.label,
      createdAt: record.createdAt,
      link: spaceLink(c, space.id, token),
      token,
    };
    return c.json(body, 201);
  });

  // Revoking closes the sockets its token opened on the space's reviews, here and (through the
  // control channel, else at their next re-check) on every instance.
  app.delete('/:id/links/:linkId', async (c) => {
    const { space } = await readSpace(c, 'admin');
    const linkId = c.req.param('linkId');
    if (!LINK_ID_PATTERN.test(linkId)) throw linkNotFound();
    const outcome = await store.revokeSpaceToken(space.id, linkId, new Date().toISOString());
    if (outcome === 'not_found') throw linkNotFound();
    if (outcome === 'last_admin') {
      throw new ApiError(
        409,
        'last_admin',
        'This is the space’s only active admin link; revoking it would leave nobody to run the space.',
      );
    }
    let closed = 0;
    for (const row of await store.listSpaceReviews(space.id)) {
      closed += await rooms.revokeLinkConnections(row.reviewId, spacePeerLinkId(space.id, linkId));
    }
    log.info('space.link_revoked', { spaceId: space.id, linkId, closed });
    return c.body(null, 204);
  });

  return app;
}

function newSpaceToken(
  spaceId: string,
  role: SpaceRole,
  token: string,
  label: string | null,
  createdAt: string,
): SpaceTokenRecord {
  return { id: mintLinkId(), hash: hashToken(token), spaceId, role, label, createdAt, revokedAt: null };
}

function linkInfo(link: SpaceLinkRecord): SpaceLinksResponse['links'][number] {
  const { id, role: kind, label, createdAt, revokedAt } = link;
  return { id, kind, label, createdAt, revokedAt, active: revokedAt === null };
}

/** The search's query string, checked: 400 `invalid_query` naming the bad parameter. */
function parseQuery(c: Context): SpaceSearchQuery {
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
  const parsed = SpaceSearchQuery.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'query'}: ${i.message}`);
    throw new ApiError(400, 'invalid_query', message.join('; '));
  }
  return parsed.data;
}

function linkNotFound(): ApiError {
  return new ApiError(404, 'not_found', 'No such link in this space.');
}
