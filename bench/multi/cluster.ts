/**
 * The deployments `pnpm bench multi` compares, behind one interface: one Hindsight on its SQLite
 * file (the embedded default), and N instances on PostgreSQL and Redis. Each PostgreSQL deployment
 * gets a database of its own (dropped at the end), reached through a counting proxy (pg-proxy.ts),
 * and a Redis of its own, so the round trips, the statements and the CPU of Redis and of the
 * database's backends can be put down to it alone, on a machine where others use the same servers.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { privateRedis, type PrivateRedis } from '@hindsight/tests/support/multi';
import { createReview, startServer, type TestServer } from '@hindsight/tests/support/server';
import { cpuSeconds } from '../compare/measure';
import { BENCH_HINDSIGHT_ENV, type BenchRoom } from '../compare/servers';
import { startPgProxy, type PgProxy } from './pg-proxy';
import { countsSince, emptyCounts, type WireCounts } from './wire-counter';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type DeploymentKind = 'sqlite-1' | 'pg-1' | 'pg-3';

export const DEPLOYMENT_LABELS: Record<DeploymentKind, string> = {
  'sqlite-1': 'SQLite, 1 instance',
  'pg-1': 'PostgreSQL + Redis, 1 instance',
  'pg-3': 'PostgreSQL + Redis, 3 instances',
};

/** What a deployment did over a window: CPU seconds by part, statements on the wire, server counters. */
export interface Reading {
  seconds: number;
  serverCpuSeconds: number;
  redisCpuSeconds: number;
  /** The deployment's database backends (not PostgreSQL's shared WAL writer or checkpointer). */
  postgresCpuSeconds: number;
  proxyCpuSeconds: number;
  wire: WireCounts;
  /** hindsight_updates_stored_total, summed over the instances. */
  updatesStored: number;
  /** hindsight_fanout_gaps_filled_total, summed over reasons and instances. */
  gapsFilled: number;
}

export interface Deployment {
  kind: DeploymentKind;
  /** One per instance. */
  wsUrls: string[];
  /** A new review (created on the first instance) and an edit token for it. */
  openRoom(): Promise<BenchRoom>;
  /** Opens a measurement window; `end` reads what happened since. */
  meter(): Promise<{ end(): Promise<Reading> }>;
  stop(): Promise<void>;
}

/** Instances of a kind: the number after the dash. */
export const instancesOf = (kind: DeploymentKind) => Number(kind.split('-')[1]);

export async function startDeployment(kind: DeploymentKind): Promise<Deployment> {
  const metricsToken = randomBytes(24).toString('hex');
  const env = { ...BENCH_HINDSIGHT_ENV, HINDSIGHT_METRICS_TOKEN: metricsToken };
  if (kind === 'sqlite-1') return deploymentOf(kind, [await startServer({ env })], metricsToken);
  const database = await ownDatabase();
  const redis = await privateRedis();
  const proxy = await startPgProxy(database.target);
  try {
    const url = `postgres://postgres@127.0.0.1:${proxy.port}/${database.name}`;
    const clusterEnv = { ...env, DATABASE_URL: url, REDIS_URL: redis.url, HINDSIGHT_REDIS_PREFIX: 'bench:' };
    // One after another: the first migrates the schema, the others find it done.
    const servers: TestServer[] = [];
    for (let i = 0; i < instancesOf(kind); i++) servers.push(await startServer({ env: clusterEnv }));
    return deploymentOf(kind, servers, metricsToken, { database, redis, proxy });
  } catch (err) {
    await Promise.allSettled([proxy.stop(), redis.kill()]);
    await database.drop();
    throw err;
  }
}

interface SharedParts {
  database: OwnDatabase;
  redis: PrivateRedis;
  proxy: PgProxy;
}

function deploymentOf(
  kind: DeploymentKind,
  servers: TestServer[],
  metricsToken: string,
  shared?: SharedParts,
): Deployment {
  const pids = async () => ({
    server: servers.map((server) => server.process.pid!),
    redis: shared ? [shared.redis.pid()!] : [],
    postgres: shared ? await shared.database.backendPids() : [],
    proxy: shared ? [shared.proxy.pid] : [],
  });
  const counters = async () => {
    const scraped = await Promise.all(servers.map((server) => scrapeMetrics(server.url, metricsToken)));
    const sum = (name: string) => scraped.reduce((total, metrics) => total + (metrics.get(name) ?? 0), 0);
    return { stored: sum('hindsight_updates_stored_total'), gaps: sum('hindsight_fanout_gaps_filled_total') };
  };
  const wire = shared ? () => shared.proxy.counts() : async () => emptyCounts();
  return {
    kind,
    wsUrls: servers.map((server) => server.wsUrl),
    async openRoom() {
      const review = await createReview(servers[0]!.url, 'Bench');
      return { room: review.id, token: review.tokens.edit };
    },
    async meter() {
      const [counted, wireBefore, cpuBefore] = await Promise.all([counters(), wire(), pids().then(cpuByPart)]);
      const startedAt = performance.now();
      return {
        async end(): Promise<Reading> {
          const seconds = (performance.now() - startedAt) / 1000;
          const [countedAfter, wireAfter, cpuAfter] = await Promise.all([counters(), wire(), pids().then(cpuByPart)]);
          // A backend that started within the window counts from zero; one that ended is lost (none do:
          // the pools keep their connections).
          const delta = (part: keyof typeof cpuAfter) =>
            [...cpuAfter[part]].reduce((sum, [pid, cpu]) => sum + cpu - (cpuBefore[part].get(pid) ?? 0), 0);
          return {
            seconds,
            serverCpuSeconds: delta('server'),
            redisCpuSeconds: delta('redis'),
            postgresCpuSeconds: delta('postgres'),
            proxyCpuSeconds: delta('proxy'),
            wire: countsSince(wireAfter, wireBefore),
            updatesStored: countedAfter.stored - counted.stored,
            gapsFilled: countedAfter.gaps - counted.gaps,
          };
        },
      };
    },
    async stop() {
      await Promise.all(servers.map((server) => server.stop()));
      if (!shared) return;
      await Promise.allSettled([shared.proxy.stop(), shared.redis.kill()]);
      await shared.database.drop();
    },
  };
}

/** CPU seconds so far of each process, by part. */
function cpuByPart<P extends string>(pids: Record<P, number[]>): Record<P, Map<number, number>> {
  const read = (list: number[]) => new Map(list.flatMap((pid) => cpuIfAlive(pid)));
  return Object.fromEntries(Object.entries(pids).map(([part, list]) => [part, read(list as number[])])) as Record<
    P,
    Map<number, number>
  >;
}

/** A process's CPU seconds as a [pid, seconds] entry, or none once it has gone (a backend that closed). */
function cpuIfAlive(pid: number): Array<[number, number]> {
  try {
    return [[pid, cpuSeconds(pid)]];
  } catch {
    return [];
  }
}

/** The counters of a Prometheus text page, summed over their labels. */
async function scrapeMetrics(baseUrl: string, token: string): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
  const values = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_]+)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (match) values.set(match[1]!, (values.get(match[1]!) ?? 0) + Number(match[2]));
  }
  return values;
}

interface OwnDatabase {
  name: string;
  /** Where PostgreSQL listens (the proxy forwards there). */
  target: { host: string; port: number };
  /** The processes serving this database's connections now. */
  backendPids(): Promise<number[]>;
  drop(): Promise<void>;
}

/** A fresh database on the machine's PostgreSQL, so pg_stat_activity tells its backends apart. */
async function ownDatabase(): Promise<OwnDatabase> {
  const name = `hindsight_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const { hostname, port } = new URL(ADMIN_URL);
  return {
    name,
    target: { host: hostname, port: Number(port || 5432) },
    async backendPids() {
      const rows = await admin<Array<{ pid: number }>>`SELECT pid FROM pg_stat_activity WHERE datname = ${name}`;
      return rows.map((row) => row.pid);
    },
    async drop() {
      try {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end({ timeout: 1 });
      }
    },
  };
}
