/** `pnpm bench`: runs every scenario and prints one JSON line per result. Not a test: numbers only. */
import { runSyncBench } from './sync';

const scenarios: Array<[string, () => Promise<object>]> = [
  ['sync: 20 editors, 10 keystrokes/s each', () => runSyncBench({ clients: 20, editsPerClient: 100, intervalMs: 100 })],
  ['sync: 50 editors, 4 keystrokes/s each', () => runSyncBench({ clients: 50, editsPerClient: 40, intervalMs: 250 })],
];

const only = process.argv[2];
for (const [name, run] of scenarios) {
  if (only && !name.includes(only)) continue;
  const result = await run();
  console.log(JSON.stringify({ scenario: name, ...result }));
}
