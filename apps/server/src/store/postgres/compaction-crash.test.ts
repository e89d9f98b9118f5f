/**
 * Compaction is atomic on PostgreSQL: a process killed (SIGKILL) after writing the new snapshot and
 * before deleting the log rows leaves the old snapshot and every row, because the transaction never
 * committed. The kill comes from the store's own test hook (HINDSIGHT_CRASH_IN_COMPACTION).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it, onTestFinished } from 'vitest';
import { PostgresStore } from './index';
import { freshSchema, postgresReachable, TEST_DATABASE_URL } from '../../testing/postgres';

const WORKER = fileURLToPath(new URL('../../testing/compaction-crash-worker.ts', import.meta.url));
const reachable = await postgresReachable();

// The worker starts through tsx (a second or more of CPU on a loaded two-core machine).
it.skipIf(!reachable)(
  'a compaction killed mid-way leaves the old snapshot and every log row',
  { timeout: 30_000 },
  async () => {
    const schema = await freshSchema();
    const store = await PostgresStore.open(TEST_DATABASE_URL, { schema: schema.name });
    let child: ChildProcess | undefined;
    // A worker that did not die (the test failed or timed out) would hold its transaction's locks.
    onTestFinished(() => void child?.kill('SIGKILL'));
    try {
      await store.createReview(
        { id: 'r1', severity: 'SEV2', createdAt: new Date().toISOString() },
        [],
        new Uint8Array([7]),
      );
      const seqs = await Promise.all([1, 2, 3].map((n) => store.appendUpdate('r1', new Uint8Array([n]))));
      const before = await store.loadDocument('r1');

      child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
        env: { ...process.env, TARGET: TEST_DATABASE_URL, SCHEMA: schema.name, REVIEW: 'r1', UPTO: String(seqs[2]) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
        child!.once('exit', (_code, sig) => resolve(sig)),
      );
      expect(signal, output).toBe('SIGKILL');

      const after = await store.loadDocument('r1');
      expect(after).toEqual(before);
      expect(after.snapshot).toEqual(new Uint8Array([7]));
      expect(after.updates.map((u) => u.seq)).toEqual(seqs);
    } finally {
      await store.close();
      await schema.drop();
    }
  },
);
