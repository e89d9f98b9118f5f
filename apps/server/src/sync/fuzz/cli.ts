/**
 * `pnpm fuzz:updates [--cases N] [--seed S] [--dump DIR]`: runs the structural update fuzzer for
 * any number of cases (20,000 run in CI as a test). Prints progress, then the outcomes and any
 * failures; exits 1 on a failure, whose document and update go to DIR when given.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runUpdateFuzz, type Outcomes } from './update-fuzz';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '100000' }, seed: { type: 'string' }, dump: { type: 'string' } },
});
const seed = parseSeed(values.seed);
const cases = Number(values.cases);

/** `--seed S` replays S; absent or `random`, a fresh seed (printed below, so it can be replayed). */
function parseSeed(given: string | undefined): number {
  if (given === undefined || given === 'random') return (Date.now() ^ (process.pid << 16)) >>> 0;
  if (!/^\d+$/.test(given) || Number(given) >= 2 ** 32) {
    console.error(`--seed must be a whole number below 2^32, or random; got ${JSON.stringify(given)}`);
    process.exit(2);
  }
  return Number(given);
}
const chunk = 10_000;
const dir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'hindsight-fuzz-'));
console.log(`update fuzz: seed ${seed}, ${cases} cases`);
const started = Date.now();
const totals: Record<string, Outcomes> = {};
let failed = false;
try {
  // In chunks, each with its own seed derived from the first, so progress shows and memory stays flat.
  for (let done = 0, part = 0; done < cases && !failed; done += chunk, part++) {
    const partSeed = (seed + part * 0x9e3779b9) >>> 0;
    const report = await runUpdateFuzz({
      seed: partSeed,
      cases: Math.min(chunk, cases - done),
      dir,
      dumpDir: values.dump,
    });
    for (const [mutation, o] of Object.entries(report.outcomes)) {
      const t = (totals[mutation] ??= { accepted: 0, unchanged: 0, refused: 0, reset: 0 });
      for (const key of Object.keys(t) as Array<keyof Outcomes>) t[key] += o[key];
    }
    if (report.failures.length > 0) {
      failed = true;
      console.log(`failure in chunk seed ${partSeed} (replay: pnpm fuzz:updates --seed ${partSeed} --cases ${chunk}):`);
      console.log(JSON.stringify(report.failures, null, 2));
    }
    console.log(`${Math.min(done + chunk, cases)} cases, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(totals));
process.exit(failed ? 1 : 0);
