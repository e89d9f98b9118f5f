export type { AnonymousFindingRecord, AnonymousFindingStore, HeldFinding, PendingChange } from './anonymous';
export type { DocumentLog, QuarantinedUpdate, StoredDocument, StoredUpdate, UpdateQuarantine } from './document-log';
export type { LinkRecord, LinkStore, RevokeOutcome, TokenRecord } from './links';
export type { ReviewLock } from './review-lock';
export type { ReviewRecord, ReviewStore } from './reviews';
export type {
  ReviewIndexEntry,
  SearchMatch,
  SearchTerms,
  SpaceLinkRecord,
  SpaceRecord,
  SpaceReviewRow,
  SpaceRole,
  SpaceStore,
  SpaceTokenRecord,
} from './spaces';
export type { Store } from './types';
export type { ParticipantRecord, VoteChange, VoteLimits, VoteStore } from './votes';
export type {
  AttemptOutcome,
  ClaimedDelivery,
  DeliveryRecord,
  DeliveryState,
  NewDelivery,
  WebhookRecord,
  WebhookScope,
  WebhookStore,
} from './webhooks';
export { SqliteStore } from './sqlite';
export { openStore } from './open';
export { StoreUnavailableError } from './unavailable';
