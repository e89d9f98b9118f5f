export type {
  ParticipantRecord,
  ReviewRecord,
  Store,
  StoredDocument,
  TokenRecord,
  VoteChange,
  VoteLimits,
} from './types';
export { SqliteStore } from './sqlite';
