/**
 * The process that dies inside a compaction (store/postgres/compaction-crash.test.ts): opens the
 * PostgreSQL store in SCHEMA with the crash hook on and compacts REVIEW up to UPTO into a snapshot
 * of one byte; the hook kills the process (SIGKILL) after the snapshot write, before the commit.
 */
import { PostgresStore } from '../store/postgres';

const { TARGET, SCHEMA, REVIEW, UPTO } = process.env;
const store = await PostgresStore.open(TARGET!, { schema: SCHEMA, max: 1, testHooks: { crashInCompaction: true } });
await store.compact(REVIEW!, new Uint8Array([42]), Number(UPTO));
process.stdout.write('compacted without dying\n');
await store.close();
