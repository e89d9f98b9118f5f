import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runUpdateFuzz } from './update-fuzz';

// A fixed seed, so that a run of `pnpm test` is repeatable: new ground is covered by
// `pnpm fuzz:updates` (random seeds, any number of cases), whose finds become unit tests. Those
// tests, not the chunk seeds, keep a find found: the fuzzer's draws change as it grows, so an old
// chunk seed stops replaying its find (3266403487, whose find is in update-check.test.ts, no longer
// does: checked with that fix removed).
// UPDATE_FUZZ_SEED picks another seed (`random` for a fresh one); UPDATE_FUZZ_CASES sets the length.
const SEED_SETTING = process.env.UPDATE_FUZZ_SEED ?? '20261201';
const SEED = SEED_SETTING === 'random' ? (Date.now() ^ (process.pid << 16)) >>> 0 : Number(SEED_SETTING) >>> 0;
const CASES = Number(process.env.UPDATE_FUZZ_CASES ?? 20_000);
const dir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'hindsight-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it(
  `forged updates never change a server-owned root, never leave pending structs, and store what loads back (seed ${SEED})`,
  { timeout: 600_000 },
  async () => {
    console.log(`update fuzz: seed ${SEED}, ${CASES} cases (replay with UPDATE_FUZZ_SEED=${SEED})`);
    const report = await runUpdateFuzz({ seed: SEED, cases: CASES, dir });
    console.log(JSON.stringify(report.outcomes));
    expect(report.failures).toEqual([]);
    expect(report.cases).toBeGreaterThan(CASES * 0.95);
    // The run must reach every kind of outcome, or the oracle checks little.
    const outcomes = Object.values(report.outcomes);
    const totals = {
      accepted: outcomes.reduce((sum, o) => sum + o.accepted, 0),
      refused: outcomes.reduce((sum, o) => sum + o.refused + o.reset, 0),
    };
    expect(totals.accepted).toBeGreaterThan(CASES / 50);
    expect(totals.refused).toBeGreaterThan(CASES / 10);
  },
);
