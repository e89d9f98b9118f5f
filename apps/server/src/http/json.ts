import { ApiError } from './errors';

/** The request body as JSON, or a 400 saying it is not. */
export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError(400, 'bad_json', 'Request body must be JSON.');
  }
}

/** zod issues as one readable line: `field: message; ...`. */
export function formatIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
}
