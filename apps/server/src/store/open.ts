import path from 'node:path';
import type { Config } from '../config';
import { SqliteStore } from './sqlite';
import type { Store } from './types';

/** The configured backend: PostgreSQL when DATABASE_URL is set, else the SQLite file in the data dir. */
export async function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'crashInCompaction'>): Promise<Store> {
  const testHooks = { crashInCompaction: config.crashInCompaction };
  if (config.databaseUrl) {
    // Loaded only here, like the Redis client: the embedded default never needs the driver.
    const { PostgresStore } = await import('./postgres');
    return PostgresStore.open(config.databaseUrl, { testHooks });
  }
  return new SqliteStore(path.join(config.dataDir, 'hindsight.sqlite'), testHooks);
}
