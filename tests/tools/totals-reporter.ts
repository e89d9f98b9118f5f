/**
 * The vitest reporter behind `.ci/run`'s totals line: "N passed, N failed[, N skipped]", where
 * failed counts what vitest's JSON report leaves out of numFailedTests: a file that fails to
 * import, a throwing beforeAll/afterAll (the first marks its tests skipped, the second leaves them
 * passed) and unhandled errors. Each of those counts as one failure and is named after the line,
 * so a red run can never print "0 failed".
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, SerializedError, TestModule, TestSuite } from 'vitest/node';

/** Where the line goes (one line of text), relative to the working directory unless absolute. */
export interface TotalsReporterOptions {
  outputFile: string;
}

/** Counts of one run, and what failed outside any test. */
export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  outsideTests: string[];
}

export default class TotalsReporter implements Reporter {
  constructor(private readonly options: TotalsReporterOptions) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const line = formatTotals(countTotals(modules, unhandledErrors));
    fs.mkdirSync(path.dirname(path.resolve(this.options.outputFile)), { recursive: true });
    fs.writeFileSync(this.options.outputFile, `${line}\n`);
  }
}

/** Tallies tests by state, then adds one failure per suite error and per unhandled error. */
export function countTotals(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
): Totals {
  const totals: Totals = { passed: 0, failed: 0, skipped: 0, outsideTests: [] };
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') totals.passed++;
      else if (state === 'failed') totals.failed++;
      else totals.skipped++;
    }
    for (const suite of [module, ...module.children.allSuites()]) {
      for (const error of suite.errors()) totals.outsideTests.push(`${where(module, suite)}: ${firstLine(error)}`);
    }
  }
  for (const error of unhandledErrors) totals.outsideTests.push(`unhandled error: ${firstLine(error)}`);
  totals.outsideTests.sort();
  totals.failed += totals.outsideTests.length;
  return totals;
}

/** The totals line, with each failure outside a test after it. */
export function formatTotals(totals: Totals): string {
  const counts =
    `${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : '');
  if (totals.outsideTests.length === 0) return counts;
  return `${counts} (outside tests: ${totals.outsideTests.join('; ')})`;
}

function where(module: TestModule, suite: TestModule | TestSuite): string {
  // One file can run in two projects (tests/sync in `e2e` and `postgres`): name the project then.
  const project = module.project.name;
  const file = project ? `[${project}] ${module.relativeModuleId}` : module.relativeModuleId;
  return suite.type === 'module' ? file : `${file} > ${suite.fullName}`;
}

function firstLine(error: SerializedError): string {
  return (error.message ?? String(error)).split('\n')[0] ?? '';
}
