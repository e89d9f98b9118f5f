import type { Role } from '@hindsight/protocol';

/**
 * A capability token (a share link) as stored: only its hash, never the token itself. Its `id` is
 * public: random and unrelated to the token, it names the link when listing or revoking it. Times
 * are UTC ISO strings as `Date#toISOString` writes them, so the store compares them as text.
 */
export interface TokenRecord {
  id: string;
  hash: string;
  reviewId: string;
  role: Role;
  /** The facilitator's name for the link ("Sam's team"); null when it has none. */
  label: string | null;
  createdAt: string;
  /** When the link stops opening the review; null for never. */
  expiresAt: string | null;
  /** When the facilitator revoked it; null while not revoked. */
  revokedAt: string | null;
  /** A personal link: one person's edit link, through which only one participant can join. */
  personal: boolean;
}

/** A link as listed to the facilitator: everything but the token's hash. */
export type LinkRecord = Omit<TokenRecord, 'hash'>;

/** What revoking a link did; refused when it is unknown (in this review) or the last facilitator link. */
export type RevokeOutcome = { ok: true; link: LinkRecord } | { ok: false; reason: 'not_found' | 'last_facilitator' };

/** A review's share links (capability tokens): what access checks and the links routes use. */
export interface LinkStore {
  /** The token with this hash, revoked and expired ones included (the caller decides what they may do). */
  findToken(hash: string): Promise<TokenRecord | null>;
  /** Adds one more token to an existing review (e.g. a new share link). */
  createToken(token: TokenRecord): Promise<void>;
  /** Every link of a review, oldest first, revoked and expired ones included; never the hashes. */
  listTokens(reviewId: string): Promise<LinkRecord[]>;
  /**
   * Revokes the review's link `linkId` as of `revokedAt` (a link already revoked keeps its first
   * time). Atomically refuses to revoke the review's last facilitator link that is active at
   * `revokedAt`, so a review always keeps someone who can run it.
   */
  revokeToken(reviewId: string, linkId: string, revokedAt: string): Promise<RevokeOutcome>;
}
