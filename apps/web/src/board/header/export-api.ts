import { CreateReviewResponse, ErrorBody } from '@hindsight/protocol';
import { ApiError, request, reviewPath, withToken } from '../../app/api';

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

/**
 * Fetches an export with this tab's token (in the Authorization header, never in the address, so
 * it stays out of history and server logs) and hands it to the browser as a download.
 */
export async function downloadExport(
  reviewId: string,
  token: string,
  kind: ExportKind,
  redacted: boolean,
): Promise<void> {
  const path = `${reviewPath(reviewId)}/${EXPORT_PATHS[kind]}${redacted ? '?redact=1' : ''}`;
  let response: Response;
  try {
    response = await fetch(path, withToken(token));
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the Hindsight server. Check your connection and try again.');
  }
  if (!response.ok) {
    const error = ErrorBody.safeParse(await response.json().catch(() => undefined));
    if (error.success) throw new ApiError(response.status, error.data.error.code, error.data.error.message);
    throw new ApiError(response.status, 'http', `The server answered ${response.status}.`);
  }
  const blob = await response.blob();
  saveBlob(blob, fileNameOf(response.headers.get('Content-Disposition')) ?? FALLBACK_NAMES[kind]);
}

/** The file name a `Content-Disposition: attachment; filename="…"` header gives, or null. */
export function fileNameOf(disposition: string | null): string | null {
  const match = disposition ? /filename="([^"]+)"/.exec(disposition) : null;
  return match ? match[1]! : null;
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started by now; the URL is released once the browser has read it.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `POST /api/reviews/import`: a new review from an export file's text; its id, links and tokens. */
export function importReviewFile(fileText: string): Promise<CreateReviewResponse> {
  return request(
    '/api/reviews/import',
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: fileText },
    CreateReviewResponse,
  );
}
