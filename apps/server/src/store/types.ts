import type { AnonymousFindingStore } from './anonymous';
import type { DocumentLog, UpdateQuarantine } from './document-log';
import type { LinkStore } from './links';
import type { ReviewLock } from './review-lock';
import type { ReviewStore } from './reviews';
import type { SpaceStore } from './spaces';
import type { VoteStore } from './votes';
import type { WebhookStore } from './webhooks';

/**
 * Durable state of every review: rows, token hashes and the document as snapshot + update log.
 * Every method resolves only once its write is durable (committed and synced). One interface per
 * concern, so a caller can be given only the part it uses.
 */
export interface Store
  extends ReviewStore,
    LinkStore,
    DocumentLog,
    UpdateQuarantine,
    VoteStore,
    AnonymousFindingStore,
    ReviewLock,
    SpaceStore,
    WebhookStore {
  /** Resolves once the database answers a trivial query (GET /api/health); rejects when it cannot. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
