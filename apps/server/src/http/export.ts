import { Hono, type Context } from 'hono';
import * as Y from 'yjs';
import { IMPORT_MAX_BYTES } from '@hindsight/protocol';
import { ReviewExport } from '@hindsight/protocol/export';
import {
  actionsCsv,
  exportMarkdown,
  importReview,
  redactExport,
  ReviewInputError,
  toExport,
  type ReviewExportData,
} from '@hindsight/review';
import type { Logger } from '../log';
import type { Store } from '../store';
import type { Rooms } from '../sync/rooms';
import { requireRole } from './access';
import { ApiError } from '../errors';
import { limitBody, parseBody } from './json';
import { storeNewReview } from './new-review';
import type { RateLimit } from './rate-limit';

export interface ExportRoutesOptions {
  store: Store;
  rooms: Rooms;
  log: Logger;
  publicUrl: string | undefined;
  /** Counts imports against the client address (with creating: both make a review). */
  rateLimit: RateLimit;
  /** Largest import body; default IMPORT_MAX_BYTES (2 MiB), larger than the API's usual body limit. */
  maxImportBytes?: number;
}

/** Deepest JSON an import may nest; far more than a narrative needs, far less than a stack holds. */
const MAX_JSON_DEPTH = 64;

/**
 * Export and import of a whole review (docs/EXPORT.md):
 * - `GET /:id/export.md`, `/:id/export.json`, `/:id/actions.csv` with any link token of the review
 *   (a view link included), each with `?redact=1` for participant names replaced by neutral labels;
 * - `POST /import` (no token, like creating a review): a new review from an export file.
 */
export function exportRoutes({
  store,
  rooms,
  log,
  publicUrl,
  rateLimit,
  maxImportBytes = IMPORT_MAX_BYTES,
}: ExportRoutesOptions) {
  const app = new Hono();

  /** The review's export data, read from its live document, redacted when asked (docs/EXPORT.md, "Redaction"). */
  const readExport = async (c: Context): Promise<ReviewExportData> => {
    const reviewId = c.req.param('id')!;
    await requireRole(store, reviewId, c.req.header('authorization'));
    const review = await store.getReview(reviewId);
    if (!review) throw new ApiError(404, 'not_found', 'No such review.');
    const redact = isRedacted(c.req.query('redact'));
    return rooms.withRoom(reviewId, (room) => {
      const data = toExport(room.doc, { createdAt: review.createdAt });
      // Presence names count as known too: someone on the board may be named in text without ever signing anything.
      return redact ? redactExport(data, { knownNames: room.presenceNames }) : data;
    });
  };

  app.get('/:id/export.md', async (c) => {
    const data = await readExport(c);
    return download(exportMarkdown(data), 'text/markdown; charset=utf-8', fileName(data, 'md'));
  });

  app.get('/:id/export.json', async (c) => {
    const data = await readExport(c);
    return download(`${JSON.stringify(data, null, 2)}\n`, 'application/json', fileName(data, 'json'));
  });

  app.get('/:id/actions.csv', async (c) => {
    const data = await readExport(c);
    return download(actionsCsv(data), 'text/csv; charset=utf-8', fileName(data, 'csv', 'actions'));
  });

  // Like creating a review, importing needs no token: the file becomes a new review with new ids
  // and new links, and the caller gets its facilitator link.
  app.post('/import', rateLimit('create'), limitBody(maxImportBytes), async (c) => {
    const doc = await importedDocument(c.req.raw);
    const body = await storeNewReview(store, doc, { publicUrl, requestUrl: c.req.url });
    doc.destroy();
    log.info('review.imported', { reviewId: body.id });
    return c.json(body, 201);
  });

  return app;
}

/**
 * A new review document from an export file in the request's body (`export.json`): `400 bad_json`
 * / `invalid_body` naming the bad field, as the import routes answer. The caller destroys it.
 */
export async function importedDocument(request: Request): Promise<Y.Doc> {
  const file = await parseBody(request, {
    safeParse: (value: unknown) =>
      jsonDepth(value) > MAX_JSON_DEPTH
        ? {
            success: false as const,
            error: { issues: [{ path: [], message: `nested more than ${MAX_JSON_DEPTH} levels deep` }] },
          }
        : ReviewExport.safeParse(value),
  });
  const doc = new Y.Doc();
  try {
    importReview(doc, file);
  } catch (err) {
    doc.destroy();
    if (err instanceof ReviewInputError) throw new ApiError(400, 'invalid_body', err.message);
    throw err;
  }
  return doc;
}

function isRedacted(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

function download(body: string, contentType: string, filename: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${filename}"`,
      // A review's words: never kept by a shared cache, never sniffed into something executable.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** `checkout-errors-during-payment-provider-slowdown[-actions][-redacted].md`: ASCII, safe in a header. */
export function fileName(data: ReviewExportData, extension: string, part?: string): string {
  return (
    [fileSlug(data.review.title, 'review'), part, data.redacted ? 'redacted' : undefined].filter(Boolean).join('-') +
    `.${extension}`
  );
}

/** A title as a file name's stem: lowercase ASCII words joined by `-`, at most 60 characters; `fallback` when nothing is left. */
export function fileSlug(title: string, fallback: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || fallback
  );
}

// Iterative, so a hostile file nested a million levels deep cannot overflow the stack here.
function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}
