export type { Store, StoredDocument, ReviewRecord, TokenRecord } from './types';
export { SqliteStore } from './sqlite';
