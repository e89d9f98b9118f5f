/**
 * Vote budgets across processes (issue 17 point 1, issue 14): several processes, each with its own
 * store and connections on one database, race 50 votes of one participant; exactly the budget is
 * spent, on SQLite (one file) and on PostgreSQL. Candidates are drawn from a printed seed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '@hindsight/review/testing';
import { SqliteStore, type Store } from './index';
import { PostgresStore } from './postgres';
import { freshSchema, postgresReachable, TEST_DATABASE_URL } from '../testing/postgres';

const WORKER = fileURLToPath(new URL('../testing/vote-race-worker.ts', import.meta.url));
const PROCESSES = 5;
const VOTES_PER_PROCESS = 10;
const BUDGET = 7;
const SEED = Number(process.env.HINDSIGHT_TEST_SEED ?? Date.now() % 1_000_000);
console.log(`vote race seed: ${SEED} (HINDSIGHT_TEST_SEED=${SEED} repeats it)`);

interface Worker {
  child: ChildProcessWithoutNullStreams;
  /** The next line the worker prints; throws with its stderr if it ended instead. */
  next(): Promise<string>;
}

const workers: Worker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.child.kill();
});

/** Starts one worker process and waits for its "ready" (its store is open). */
async function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, ...env },
    cwd: path.dirname(WORKER),
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`vote worker ended early: ${stderr}`);
    return line.value as string;
  };
  const worker = { child, next };
  workers.push(worker);
  if ((await next()) !== 'ready') throw new Error(`vote worker did not start: ${stderr}`);
  return worker;
}

/** The candidates each process votes for, drawn from the seed. */
function draw(): string[][] {
  const random = mulberry32(SEED);
  return Array.from({ length: PROCESSES }, () =>
    Array.from({ length: VOTES_PER_PROCESS }, () => `c${Math.floor(random() * 4)}`),
  );
}

/** Races the votes from PROCESSES processes on `store`'s database and checks the budget. */
async function raceVotes(store: Store, env: Record<string, string>): Promise<void> {
  await store.createReview(
    { id: 'review-race', severity: 'SEV2', createdAt: new Date().toISOString() },
    [],
    new Uint8Array([0, 0]),
  );
  await store.createParticipant({
    id: 'p-race',
    reviewId: 'review-race',
    tokenHash: 'h-race',
    role: 'editor',
    linkId: null,
    createdAt: new Date().toISOString(),
  });
  const draws = draw();
  const started = await Promise.all(
    draws.map((candidates) =>
      startWorker({
        ...env,
        REVIEW: 'review-race',
        PARTICIPANT: 'p-race',
        CANDIDATES: candidates.join(','),
        PER_PERSON: String(BUDGET),
      }),
    ),
  );
  // Every process is connected before any votes: "go" reaches them all at once.
  for (const w of started) w.child.stdin.write('go\n');
  const outcomes = (await Promise.all(started.map(async (w) => JSON.parse(await w.next())))).flat() as string[];

  expect(outcomes).toHaveLength(PROCESSES * VOTES_PER_PROCESS);
  expect(outcomes.filter((o) => o === 'ok')).toHaveLength(BUDGET);
  expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'budget_exhausted')).toBe(true);
  const mine = await store.votesOf('review-race', 'p-race');
  expect(Object.values(mine).reduce((a, b) => a + b, 0)).toBe(BUDGET);
  expect(await store.voteTallies('review-race')).toEqual(mine);
}

// Each test starts five Node processes through tsx, each compiling the store on start-up (about a
// second of CPU apiece on two cores, several when other suites run beside it): the time is for
// starting them, the race itself takes milliseconds.
describe('vote budget across processes', { timeout: 60_000 }, () => {
  it('SQLite: 50 votes raced from 5 processes on one file spend exactly the budget', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-vote-race-'));
    const file = path.join(dir, 'hindsight.sqlite');
    const store = new SqliteStore(file);
    try {
      await raceVotes(store, { BACKEND: 'sqlite', TARGET: file });
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: 50 votes raced from 5 processes on one database spend exactly the budget', async (ctx) => {
    if (!(await postgresReachable())) return ctx.skip();
    const schema = await freshSchema();
    const store = await PostgresStore.open(TEST_DATABASE_URL, { schema: schema.name });
    try {
      await raceVotes(store, { BACKEND: 'postgres', TARGET: TEST_DATABASE_URL, SCHEMA: schema.name });
    } finally {
      await store.close();
      await schema.drop();
    }
  });
});
