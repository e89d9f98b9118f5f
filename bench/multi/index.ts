/**
 * `pnpm bench multi` (issue 14 point 8): Hindsight on PostgreSQL and Redis with three instances
 * against one, and one on SQLite as the baseline, under the same seeded workloads. Clients are
 * spread round robin over a deployment's instances (client i of a review on instance i mod N), so
 * most deliveries cross instances. The deployments run side by side, alternating within each
 * repetition (the first one rotates). Prints one JSON line per measurement, then a markdown table.
 */
import os from 'node:os';
import type { SyncClient } from '@hindsight/tests/support/clients';
import { destroyAll, joinRoomAt } from '../compare/clients';
import { fanOut } from '../compare/fanout';
import { alternate, machine, quantile, type Measurement } from '../compare/measure';
import { typeInRooms, type Deliveries } from '../compare/typing';
import { instancesOf, startDeployment, type Deployment, type DeploymentKind, type Reading } from './cluster';
import { printMultiTable, type MultiSummary } from './table';

export interface MultiOptions {
  reps: number;
  seed: number;
  /** Length of each typing window. */
  typingSeconds: number;
  /** Runs only the scenarios whose name contains this. */
  only?: string;
}

const DEPLOYMENTS: DeploymentKind[] = ['sqlite-1', 'pg-1', 'pg-3'];

interface Scenario {
  name: string;
  run(deployment: Deployment): Promise<Measurement>;
}

export async function runMulti(options: MultiOptions): Promise<object> {
  const { reps, seed, typingSeconds } = options;
  console.log(JSON.stringify({ multi: 'machine', seed, reps, ...machine() }));
  const typing = (reviews: number, clientsPerReview: number, editsPerSecond: number) => (deployment: Deployment) =>
    runTyping(deployment, { reviews, clientsPerReview, editsPerSecond, seconds: typingSeconds, seed });
  const allScenarios: Scenario[] = [
    { name: 'typing-20x5', run: typing(20, 5, 10) },
    { name: 'typing-1x30', run: typing(1, 30, 5) },
    { name: 'fanout-1x30', run: (deployment) => runFanOut(deployment, { clients: 30, keystrokes: 200, seed }) },
  ];
  const scenarios = allScenarios.filter((scenario) => !options.only || scenario.name.includes(options.only));

  const deployments = new Map<DeploymentKind, Deployment>();
  const summary: MultiSummary = {};
  try {
    for (const kind of DEPLOYMENTS) deployments.set(kind, await startDeployment(kind));
    for (const scenario of scenarios) {
      summary[scenario.name] = await alternate({ multi: scenario.name }, DEPLOYMENTS, reps, (kind) =>
        scenario.run(deployments.get(kind)!),
      );
    }
  } finally {
    await Promise.all([...deployments.values()].map((deployment) => deployment.stop()));
  }
  const loadAtEnd = os.loadavg();
  console.log(JSON.stringify({ multi: 'load at end', loadAverage: loadAtEnd }));
  printMultiTable(summary, DEPLOYMENTS, reps);
  return { seed, reps, loadAtEnd, summary };
}

/** Client i of every review joins instance i mod N. */
const roundRobin = (deployment: Deployment) => (client: number) => client % deployment.wsUrls.length;

function joinSpread(deployment: Deployment, room: Awaited<ReturnType<Deployment['openRoom']>>, count: number) {
  const instanceOf = roundRobin(deployment);
  return joinRoomAt(
    Array.from({ length: count }, (_, i) => deployment.wsUrls[instanceOf(i)]!),
    room,
  );
}

async function runTyping(
  deployment: Deployment,
  options: { reviews: number; clientsPerReview: number; editsPerSecond: number; seconds: number; seed: number },
): Promise<Measurement> {
  const rooms: SyncClient[][] = [];
  try {
    for (let r = 0; r < options.reviews; r++) {
      rooms.push(await joinSpread(deployment, await deployment.openRoom(), options.clientsPerReview));
    }
    let meter: Awaited<ReturnType<Deployment['meter']>> | undefined;
    const bench = process.cpuUsage();
    const deliveries = await typeInRooms(
      rooms,
      options,
      async () => {
        meter = await deployment.meter();
      },
      roundRobin(deployment),
    );
    const reading = await meter!.end();
    const benchCpuSeconds = cpuSecondsOf(process.cpuUsage(bench));
    return {
      ...figures(deployment, deliveries, reading),
      deliveredPerSecond: deliveries.expected / reading.seconds,
      benchCpuPct: (100 * benchCpuSeconds) / reading.seconds,
    };
  } finally {
    destroyAll(rooms.flat());
  }
}

async function runFanOut(
  deployment: Deployment,
  options: { clients: number; keystrokes: number; seed: number },
): Promise<Measurement> {
  const clients = await joinSpread(deployment, await deployment.openRoom(), options.clients);
  try {
    const meter = await deployment.meter();
    const { delays, crossDelays, sameDelays, firstDelays } = await fanOut(clients, options, roundRobin(deployment));
    const reading = await meter.end();
    return {
      ...figures(deployment, { delays, crossDelays, expected: delays.length }, reading),
      sameP99Ms: quantile(sameDelays, 0.99),
      firstP50Ms: quantile(firstDelays, 0.5),
    };
  } finally {
    destroyAll(clients);
  }
}

/** The figures every scenario reports: latency, CPU per delivery by part, and the database's work per update. */
function figures(deployment: Deployment, deliveries: Deliveries, reading: Reading): Measurement {
  const { expected } = deliveries;
  const perDelivery = (cpuSeconds: number) => (cpuSeconds * 1e6) / expected;
  const perUpdate = (count: number) => count / reading.updatesStored;
  const statements = Object.values(reading.wire.commands).reduce((sum, n) => sum + n, 0);
  const onPostgres = deployment.kind !== 'sqlite-1';
  return {
    p50Ms: quantile(deliveries.delays, 0.5),
    p99Ms: quantile(deliveries.delays, 0.99),
    ...(instancesOf(deployment.kind) > 1 ? { crossP99Ms: quantile(deliveries.crossDelays, 0.99) } : {}),
    serverCpuUsPerDelivery: perDelivery(reading.serverCpuSeconds),
    ...(onPostgres
      ? {
          redisCpuUsPerDelivery: perDelivery(reading.redisCpuSeconds),
          postgresCpuUsPerDelivery: perDelivery(reading.postgresCpuSeconds),
          proxyCpuPct: (100 * reading.proxyCpuSeconds) / reading.seconds,
          roundTripsPerUpdate: perUpdate(reading.wire.roundTrips),
          statementsPerUpdate: perUpdate(statements),
          commitsPerUpdate: perUpdate(reading.wire.writeCommits),
        }
      : {}),
    allCpuUsPerDelivery: perDelivery(reading.serverCpuSeconds + reading.redisCpuSeconds + reading.postgresCpuSeconds),
    updatesStored: reading.updatesStored,
    gapsFilled: reading.gapsFilled,
    deliveries: deliveries.delays.length,
    windowSeconds: reading.seconds,
  };
}

function cpuSecondsOf(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}
