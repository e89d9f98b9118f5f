export type {
  AnonymousFindingRecord,
  HeldFinding,
  LinkRecord,
  ParticipantRecord,
  QuarantinedUpdate,
  ReviewRecord,
  RevokeOutcome,
  Store,
  StoredDocument,
  StoredUpdate,
  TokenRecord,
  VoteChange,
  VoteLimits,
} from './types';
export { SqliteStore } from './sqlite';
