/** `pnpm bench`: runs every scenario and prints one JSON line per result. Not a test: numbers only. */
import { HOSTILE_SHAPES, type HostileShape } from '@hindsight/tests/support/hostile-updates';
import { runCompare } from './compare';
import { runProfile } from './compare/profile';
import type { ServerKind } from './compare/servers';
import { runFsyncBench } from './fsync';
import { runHostileBench } from './hostile';
import { runMulti } from './multi';
import { runSyncBench } from './sync';
import { runWebBench } from './web';

const seed = Number(process.env.BENCH_SEED ?? Date.now() % 1_000_000);
console.log(`seed ${seed} (replay with BENCH_SEED=${seed})`);
const reps = Number(process.env.BENCH_REPS ?? 3);

const scenarios: Array<[string, () => Promise<object>]> = [
  [
    'compare: reference, Hindsight and a relay side by side (issue 12)',
    () =>
      runCompare({
        reps,
        seed,
        servers: (process.env.BENCH_SERVERS ?? 'reference,hindsight,relay').split(',') as ServerKind[],
        typingSeconds: Number(process.env.BENCH_SECONDS ?? 10),
        ...(process.argv[3] ? { only: process.argv[3] } : {}),
      }),
  ],
  [
    'multi: three instances on PostgreSQL and Redis against one, SQLite as the baseline (issue 14)',
    () =>
      runMulti({
        reps,
        seed,
        typingSeconds: Number(process.env.BENCH_SECONDS ?? 10),
        ...(process.argv[3] ? { only: process.argv[3] } : {}),
      }),
  ],
  [
    'profile: Hindsight under 20 reviews × 5 clients typing',
    () => runProfile({ seconds: Number(process.env.BENCH_SECONDS ?? 10), seed }),
  ],
  ['fsync: one durable commit on this disk, FULL against NORMAL', async () => runFsyncBench({ commits: 2000, reps })],
  ['sync: 20 editors, 10 keystrokes/s each', () => runSyncBench({ clients: 20, editsPerClient: 100, intervalMs: 100 })],
  ['sync: 50 editors, 4 keystrokes/s each', () => runSyncBench({ clients: 50, editsPerClient: 40, intervalMs: 250 })],
  [
    'web: 500 findings, 300 events, 20 remote peers',
    () => runWebBench({ findings: 500, events: 300, peers: 20, peerRate: 2, keystrokes: 60, seed }),
  ],
  ...(Object.keys(HOSTILE_SHAPES) as HostileShape[]).map((shape): [string, () => Promise<object>] => [
    `hostile: ${shape}`,
    () => runHostileBench({ shape, reps }),
  ]),
];

const only = process.argv[2];
for (const [name, run] of scenarios) {
  if (only && !name.includes(only)) continue;
  const result = await run();
  console.log(JSON.stringify({ scenario: name, ...result }));
}
