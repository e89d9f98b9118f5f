import { ErrorBody } from '@hindsight/protocol';
import { ApiError, withToken } from './api';

/**
 * Fetches `path` with a bearer token (in the Authorization header, never in the address, so it
 * stays out of history and server logs) and hands the answer to the browser as a download, named
 * as the server's Content-Disposition says, else `fallbackName`.
 */
export async function downloadWithToken(path: string, token: string, fallbackName: string): Promise<void> {
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
  saveBlob(blob, fileNameOf(response.headers.get('Content-Disposition')) ?? fallbackName);
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
