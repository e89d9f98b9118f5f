export type {
  AnonymousFindingRecord,
  HeldFinding,
  ParticipantRecord,
  ReviewRecord,
  Store,
  StoredDocument,
  TokenRecord,
  VoteChange,
  VoteLimits,
} from './types';
export { SqliteStore } from './sqlite';
