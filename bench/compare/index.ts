/**
 * `pnpm bench compare [scenario]`: the sync scenarios of issue 12 against the reference y-websocket
 * server, Hindsight (compiled, and from TypeScript through tsx) and a plain relay in one run, the
 * servers alternating within each repetition (the first one rotates) so the machine's noise falls on
 * all alike. Prints one JSON line per measurement, then a markdown table of medians and ratios.
 */
import { runColdLoad, buildLargeReview, type LargeReview } from './cold-load';
import { runFanout } from './fanout';
import { runIngest } from './ingest';
import { alternate, machine, rounded, type Measurement } from './measure';
import { runMemory } from './memory';
import { printTable } from './table';
import { runTyping } from './typing';
import { startBenchServer, type BenchServer, type ServerKind } from './servers';

export interface CompareOptions {
  reps: number;
  seed: number;
  servers: ServerKind[];
  /** Runs only the scenarios whose name contains this. */
  only?: string;
  /** Length of each typing window. */
  typingSeconds: number;
}

interface Scenario {
  name: string;
  /** The relay answers nothing, so only scenarios that time relayed frames include it. */
  withRelay: boolean;
  /** Runs against a long-lived server, or (given the kind) starts a fresh one of its own. */
  run: (server: BenchServer | ServerKind, rep: number) => Promise<Measurement>;
  fresh?: boolean;
}

/** Medians per scenario, server and metric. */
export type CompareSummary = Record<string, Partial<Record<ServerKind, Measurement>>>;

export async function runCompare(options: CompareOptions): Promise<object> {
  const { reps, seed, typingSeconds } = options;
  console.log(JSON.stringify({ compare: 'machine', seed, reps, ...machine() }));
  let largeReview: LargeReview | undefined;
  const allScenarios: Scenario[] = [
    {
      name: 'typing-20x5',
      withRelay: true,
      run: (server) =>
        runTyping(server as BenchServer, {
          reviews: 20,
          clientsPerReview: 5,
          editsPerSecond: 10,
          seconds: typingSeconds,
          seed,
        }),
    },
    {
      name: 'typing-1x50',
      withRelay: true,
      run: (server) =>
        runTyping(server as BenchServer, {
          reviews: 1,
          clientsPerReview: 50,
          editsPerSecond: 5,
          seconds: typingSeconds,
          seed,
        }),
    },
    {
      name: 'fanout',
      withRelay: true,
      run: (server) => runFanout(server as BenchServer, { receivers: 50, keystrokes: 200, seed }),
    },
    {
      name: 'memory',
      withRelay: false,
      fresh: true,
      run: (kind) => runMemory(kind as ServerKind, { reviews: 200, clientsPerReview: 5 }),
    },
    {
      name: 'ingest',
      withRelay: false,
      run: (server) => runIngest(server as BenchServer, { updates: 20_000, seed }),
    },
    {
      name: 'cold-load',
      withRelay: false,
      run: (server) => runColdLoad(server as BenchServer, (largeReview ??= buildLargeReview(3.9e6, seed))),
    },
  ];
  const scenarios = allScenarios.filter((scenario) => !options.only || scenario.name.includes(options.only));

  const servers = new Map<ServerKind, BenchServer>();
  const summary: CompareSummary = {};
  try {
    for (const kind of options.servers) servers.set(kind, await startBenchServer(kind));
    for (const scenario of scenarios) {
      const kinds = options.servers.filter((kind) => scenario.withRelay || kind !== 'relay');
      summary[scenario.name] = await alternate({ compare: scenario.name }, kinds, reps, (kind, rep) =>
        scenario.run(scenario.fresh ? kind : servers.get(kind)!, rep),
      );
    }
  } finally {
    await Promise.all([...servers.values()].map((server) => server.stop()));
  }
  printTable(summary, options.servers, reps);
  return { seed, reps, summary: Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, roundedAll(v)])) };
}

function roundedAll(byKind: Partial<Record<ServerKind, Measurement>>) {
  return Object.fromEntries(Object.entries(byKind).map(([kind, m]) => [kind, rounded(m)]));
}
