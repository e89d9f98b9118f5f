import { useCallback, useState } from 'react';
import { ApiError } from '../app/api';
import { usePoll } from '../app/use-poll';
import { fetchSpace } from './space-api';
import type { SpaceResponse } from '@hindsight/protocol';

/** How often the page asks again, so edits made in the space's reviews show without a reload. */
export const SPACE_REFRESH_MS = 5000;

export type SpaceLoad =
  | { kind: 'loading' }
  | { kind: 'ready'; space: SpaceResponse; refresh: () => void }
  | { kind: 'failed'; error: ApiError; retry: () => void };

/**
 * The space as the server answers for this token, asked again every few seconds while the page is
 * visible. A refusal (401, 403, 400, 404) ends the page; any other failure before the first answer
 * is shown with a retry, and after it the last answer stays until the server answers again.
 */
export function useSpace(spaceId: string, token: string | null): SpaceLoad {
  const [failure, setFailure] = useState<ApiError | null>(null);
  const fetcher = useCallback(
    async (signal: AbortSignal) => {
      try {
        const space = await fetchSpace(spaceId, token!, signal);
        setFailure(null);
        return space;
      } catch (error) {
        if (!signal.aborted) setFailure(error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error)));
        throw error;
      }
    },
    [spaceId, token],
  );
  const refused = failure !== null && [400, 401, 403, 404].includes(failure.status);
  // A refused token will not be accepted on the next round either: stop asking.
  const polled = usePoll(token && !refused ? `${spaceId}:${token}` : null, fetcher, SPACE_REFRESH_MS);
  if (failure && (refused || polled.value === null)) return { kind: 'failed', error: failure, retry: polled.refresh };
  if (polled.value === null) return { kind: 'loading' };
  return { kind: 'ready', space: polled.value, refresh: polled.refresh };
}
