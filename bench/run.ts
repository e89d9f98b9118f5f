/** `pnpm bench`: runs every scenario and prints one JSON line per result. Not a test: numbers only. */
import { HOSTILE_SHAPES, type HostileShape } from '@hindsight/tests/support/hostile-updates';
import { runHostileBench } from './hostile';
import { runSyncBench } from './sync';
import { runWebBench } from './web';

const seed = Number(process.env.BENCH_SEED ?? Date.now() % 1_000_000);
const hostileReps = Number(process.env.BENCH_REPS ?? 3);

const scenarios: Array<[string, () => Promise<object>]> = [
  ['sync: 20 editors, 10 keystrokes/s each', () => runSyncBench({ clients: 20, editsPerClient: 100, intervalMs: 100 })],
  ['sync: 50 editors, 4 keystrokes/s each', () => runSyncBench({ clients: 50, editsPerClient: 40, intervalMs: 250 })],
  [
    'web: 500 findings, 300 events, 20 remote peers',
    () => runWebBench({ findings: 500, events: 300, peers: 20, peerRate: 2, keystrokes: 60, seed }),
  ],
  ...(Object.keys(HOSTILE_SHAPES) as HostileShape[]).map((shape): [string, () => Promise<object>] => [
    `hostile: ${shape}`,
    () => runHostileBench({ shape, reps: hostileReps }),
  ]),
];

const only = process.argv[2];
for (const [name, run] of scenarios) {
  if (only && !name.includes(only)) continue;
  const result = await run();
  console.log(JSON.stringify({ scenario: name, ...result }));
}
