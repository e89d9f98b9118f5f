import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors';

/** Refuses a request body over `maxBytes` with 413 before it is read. */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'body_too_large', `Request body exceeds ${maxBytes} bytes.`);
    },
  });
}

/** The request body parsed by `schema`: 400 `bad_json` if it is not JSON, 400 `invalid_body` if it does not fit. */
export async function parseBody<T>(
  request: Request,
  schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
  },
): Promise<T> {
  let json: unknown;
  try {
    json = await request.json();
  } catch {
    throw new ApiError(400, 'bad_json', 'Request body must be JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`);
    throw new ApiError(400, 'invalid_body', message.join('; '));
  }
  return parsed.data;
}
