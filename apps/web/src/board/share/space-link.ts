import { isReviewId, isTokenShaped } from '@hindsight/protocol';

/**
 * What a pasted team-space link holds: the space's id and its token. Accepts the whole link
 * (`https://host/s/<id>#token=hs_…`, with or without the origin) or, for someone who copied only
 * that, the bare token (then the id is unknown). Null for anything else, so the dialog can say so
 * before asking the server.
 */
export function parseSpaceLink(text: string): { spaceId: string | null; token: string } | null {
  const pasted = text.trim();
  if (isTokenShaped(pasted)) return { spaceId: null, token: pasted };
  let url: URL;
  try {
    url = new URL(pasted, 'http://paste.invalid');
  } catch {
    return null;
  }
  const path = /^\/s\/([^/]+)\/?$/.exec(url.pathname);
  const spaceId = path?.[1] ? decodeURIComponent(path[1]) : null;
  const token = new URLSearchParams(url.hash.replace(/^#/, '')).get('token');
  if (!spaceId || !isReviewId(spaceId) || !isTokenShaped(token)) return null;
  return { spaceId, token };
}
