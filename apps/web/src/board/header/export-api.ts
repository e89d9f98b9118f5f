import { CreateReviewResponse } from '@hindsight/protocol';
import { request, reviewPath } from '../../app/api';
import { downloadWithToken } from '../../app/download';

/** What the Export menu offers: the whole review as Markdown or JSON, or the action items as CSV. */
export type ExportKind = 'markdown' | 'json' | 'csv';

const EXPORT_PATHS: Record<ExportKind, string> = {
  markdown: 'export.md',
  json: 'export.json',
  csv: 'actions.csv',
};

const FALLBACK_NAMES: Record<ExportKind, string> = {
  markdown: 'review.md',
  json: 'review.json',
  csv: 'review-actions.csv',
};

/** Fetches an export with this tab's token and hands it to the browser as a download. */
export function downloadExport(reviewId: string, token: string, kind: ExportKind, redacted: boolean): Promise<void> {
  const path = `${reviewPath(reviewId)}/${EXPORT_PATHS[kind]}${redacted ? '?redact=1' : ''}`;
  return downloadWithToken(path, token, FALLBACK_NAMES[kind]);
}

/** `POST /api/reviews/import`: a new review from an export file's text; its id, links and tokens. */
export function importReviewFile(fileText: string): Promise<CreateReviewResponse> {
  return request(
    '/api/reviews/import',
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: fileText },
    CreateReviewResponse,
  );
}
