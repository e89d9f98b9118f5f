export type {
  AnonymousFindingRecord,
  HeldFinding,
  LinkRecord,
  ParticipantRecord,
  ReviewRecord,
  RevokeOutcome,
  Store,
  StoredDocument,
  TokenRecord,
  VoteChange,
  VoteLimits,
} from './types';
export { SqliteStore } from './sqlite';
