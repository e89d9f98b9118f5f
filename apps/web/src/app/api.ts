import { CreateReviewResponse, ErrorBody, ReviewInfoResponse, type CreateReviewBody } from '@hindsight/protocol';

/** The part of a zod schema this module uses (zod itself is the protocol package's dependency). */
interface ResponseSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/**
 * A failed API call: the HTTP status (0 when the server could not be reached) and the server's words;
 * for an expired link, when it expired (UTC ISO).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly expiredAt: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function request<T>(path: string, init: RequestInit, schema: ResponseSchema<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the Hindsight server. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = ErrorBody.safeParse(body);
    if (error.success) {
      const { code, message, expiredAt } = error.data.error;
      throw new ApiError(response.status, code, message, expiredAt ?? null);
    }
    const status = `${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, 'http', `The server answered ${status}.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(response.status, 'bad_response', 'The server sent a response this page does not understand.');
  }
  return parsed.data;
}

/** The schema of an answer with no body (204). */
export const NO_CONTENT: ResponseSchema<void> = { safeParse: () => ({ success: true, data: undefined }) };

/** `/api/reviews/:id`, the id encoded: the base of every route of one review. */
export function reviewPath(reviewId: string): string {
  return `/api/reviews/${encodeURIComponent(reviewId)}`;
}

/** Request options carrying a bearer token and, when given, a JSON body. */
export function withToken(token: string, body?: unknown): RequestInit {
  return {
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/** `POST /api/reviews`: creates a review and returns its id, links and tokens for each role. */
export function createReview(body: CreateReviewBody): Promise<CreateReviewResponse> {
  return request(
    '/api/reviews',
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
    CreateReviewResponse,
  );
}

/** `GET /api/reviews/:id`: the review's summary and the role the token grants. */
export function fetchReview(reviewId: string, token: string, signal?: AbortSignal): Promise<ReviewInfoResponse> {
  return request(reviewPath(reviewId), { ...withToken(token), ...(signal ? { signal } : {}) }, ReviewInfoResponse);
}

/** The words to show for a failed call: the server's message, or what went wrong otherwise. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
