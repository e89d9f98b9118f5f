import { CreateReviewResponse, LINK_KINDS, ReviewInfoResponse, type LinkKind } from '@hindsight/protocol';
import { safely } from './storage';

/**
 * Where the page keeps what grants access to a review. The token arrives in the link's fragment
 * (never sent to the server in a URL) and is kept per tab in sessionStorage, so a reload works
 * once the fragment is gone. The creator's full create-response (all three links) is kept in
 * localStorage so the facilitator can share the other links later.
 */

const tokenKey = (reviewId: string) => `hindsight:token:${reviewId}`;
const createdKey = (reviewId: string) => `hindsight:review:${reviewId}`;
const infoKey = (reviewId: string) => `hindsight:info:${reviewId}`;
const linksKey = (reviewId: string) => `hindsight:links:${reviewId}`;

/**
 * The invite links this browser knows for a review (the server keeps only hashes of their tokens);
 * `facilitator` is a co-facilitator link issued here, never the creator's own.
 */
export type ShareLinks = Partial<Record<LinkKind, string>>;

/** Links from creating the review here, overlaid by any issued later in this browser. */
export function readShareLinks(reviewId: string): ShareLinks {
  const created = readCreatedReview(reviewId)?.links;
  const links: ShareLinks = created ? { edit: created.edit, view: created.view } : {};
  try {
    const stored = JSON.parse(safely(() => localStorage.getItem(linksKey(reviewId))) ?? '{}') as Record<
      string,
      unknown
    >;
    for (const kind of LINK_KINDS) if (typeof stored[kind] === 'string') links[kind] = stored[kind];
  } catch {
    // unreadable entry: fall back to what creation stored
  }
  return links;
}

/** Keeps a newly issued link so the facilitator finds it again in this browser. */
export function rememberShareLink(reviewId: string, kind: LinkKind, link: string): void {
  const links = { ...readShareLinks(reviewId), [kind]: link };
  safely(() => localStorage.setItem(linksKey(reviewId), JSON.stringify(links)));
}

/** The `token` parameter of a fragment such as `#token=hs_...`, or null. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token ? token : null;
}

/**
 * The token to use for `reviewId`: the fragment's when present (and then remembered for this tab),
 * else the one remembered earlier in this tab, else null.
 */
export function resolveToken(reviewId: string, hash: string): string | null {
  return resolveTabToken(tokenKey(reviewId), hash);
}

/**
 * The token a link's fragment carries (then kept in this tab's sessionStorage under `key`), else
 * the one kept there earlier, else null. Reviews and team spaces alike.
 */
export function resolveTabToken(key: string, hash: string): string | null {
  const fromFragment = tokenFromFragment(hash);
  if (fromFragment) {
    safely(() => sessionStorage.setItem(key, fromFragment));
    return fromFragment;
  }
  return safely(() => sessionStorage.getItem(key)) ?? null;
}

/**
 * What a refusal of this tab's token for `reviewId` (`code`: the server's, or the socket's close
 * reason) leaves behind. The saved summary always goes, so the board is never opened from it again.
 * A revoked or expired token is kept: it can never work again, but on a reload the server then says
 * why ("revoked") instead of the page finding no key at all. Any other (unknown, another review's)
 * is forgotten.
 */
export function forgetRefusedToken(reviewId: string, code: string): void {
  if (!isEndedLink(code)) safely(() => sessionStorage.removeItem(tokenKey(reviewId)));
  safely(() => sessionStorage.removeItem(infoKey(reviewId)));
}

/** Whether the server's code (or close reason) says the link itself ended: revoked or expired. */
export function isEndedLink(code: string): boolean {
  return code === 'revoked' || code === 'expired';
}

/** Keeps the response of creating a review, so its facilitator can find the share links again. */
export function rememberCreatedReview(created: CreateReviewResponse): void {
  safely(() => localStorage.setItem(createdKey(created.id), JSON.stringify(created)));
}

/** The create-response stored for `reviewId` in this browser, or null. */
export function readCreatedReview(reviewId: string): CreateReviewResponse | null {
  const raw = safely(() => localStorage.getItem(createdKey(reviewId)));
  if (!raw) return null;
  try {
    const parsed = CreateReviewResponse.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.id === reviewId ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the review's summary (title, role, ...) as last answered for this tab's token, so a reload
 * while the server is unreachable can still open the board from the copy saved in this browser.
 */
export function rememberReviewInfo(reviewId: string, info: ReviewInfoResponse): void {
  safely(() => sessionStorage.setItem(infoKey(reviewId), JSON.stringify(info)));
}

/** The summary remembered by `rememberReviewInfo` in this tab, or null. */
export function readReviewInfo(reviewId: string): ReviewInfoResponse | null {
  const raw = safely(() => sessionStorage.getItem(infoKey(reviewId)));
  if (!raw) return null;
  try {
    const parsed = ReviewInfoResponse.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.id === reviewId ? parsed.data : null;
  } catch {
    return null;
  }
}
