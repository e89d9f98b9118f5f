/**
 * One process of the cross-process vote race (store/vote-race.test.ts): opens its own store on the
 * shared database (its own connections), says "ready", and on "go" (a line on stdin) places its
 * votes all at once, then prints their outcomes as one JSON line. No queue is shared with the other
 * processes: only the database keeps the budget.
 */
import readline from 'node:readline';
import { SqliteStore, type Store } from '../store';
import { PostgresStore } from '../store/postgres';

const { BACKEND, TARGET, SCHEMA, REVIEW, PARTICIPANT, CANDIDATES, PER_PERSON } = process.env;

async function open(): Promise<Store> {
  if (BACKEND === 'postgres') return PostgresStore.open(TARGET!, { schema: SCHEMA, max: 3 });
  return new SqliteStore(TARGET!);
}

const store = await open();
const candidates = CANDIDATES!.split(',');
const lines = readline.createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  if (line !== 'go') continue;
  const outcomes = await Promise.all(
    candidates.map((candidate) =>
      store
        .changeVote(REVIEW!, PARTICIPANT!, candidate, 1, { perPerson: Number(PER_PERSON), perCandidate: null })
        .then((change) => (change.ok ? 'ok' : change.reason)),
    ),
  );
  process.stdout.write(`${JSON.stringify(outcomes)}\n`);
  break;
}
lines.close();
await store.close();
