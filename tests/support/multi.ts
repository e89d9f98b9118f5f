/**
 * Several Hindsight instances on one PostgreSQL and one Redis, for the tests of issue 14: a fresh
 * schema and a random Redis channel prefix per cluster, so parallel files and runs never meet.
 * Where PostgreSQL or Redis cannot be reached the tests are skipped with the reason printed, except
 * under CI=true, where that is an error (.ci/run starts both).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { startServer, type TestServer } from './server';

const DATABASE_URL = process.env.HINDSIGHT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.HINDSIGHT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether both services answer; throws under CI=true when one does not, else prints why it skips. */
export async function multiInstanceReachable(): Promise<boolean> {
  const problems: string[] = [];
  const sql = postgres(DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
  } catch (err) {
    problems.push(`PostgreSQL unreachable at ${DATABASE_URL}: ${(err as Error).message}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`Redis unreachable at ${REDIS_URL}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
  if (problems.length === 0) return true;
  const reason = problems.join('; ');
  if (process.env.CI === 'true') throw new Error(`${reason} (CI needs both: .ci/run starts them)`);
  console.warn(`SKIPPING the multi-instance tests: ${reason}`);
  return false;
}

export interface Cluster {
  /** The environment every instance of this cluster runs with (one schema, one Redis prefix). */
  env: Record<string, string>;
  redisPrefix: string;
  /** Starts one more instance of the cluster (`env` added to the cluster's). */
  start(env?: Record<string, string>): Promise<TestServer>;
  /** Drops the cluster's schema (after its servers are stopped). */
  drop(): Promise<void>;
}

/** A fresh schema and Redis prefix (on `redisUrl`, default the machine's); instances are started with `start`. */
export async function createCluster(redisUrl = REDIS_URL): Promise<Cluster> {
  const tag = randomBytes(6).toString('hex');
  const schema = `multi_${tag}`;
  const admin = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end({ timeout: 1 });
  }
  const url = new URL(DATABASE_URL);
  url.searchParams.set('search_path', schema);
  const redisPrefix = `test-${tag}:`;
  const env = { DATABASE_URL: url.toString(), REDIS_URL: redisUrl, HINDSIGHT_REDIS_PREFIX: redisPrefix };
  return {
    env,
    redisPrefix,
    start: (more = {}) => startServer({ env: { ...env, ...more } }),
    async drop() {
      const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await sql.end({ timeout: 1 });
      }
    },
  };
}

/** Clusters made by `trackedCluster`, dropped by `dropTrackedClusters` (after their servers stopped). */
const tracked: Cluster[] = [];

/** A fresh cluster that `dropTrackedClusters` drops. */
export async function trackedCluster(): Promise<Cluster> {
  const created = await createCluster();
  tracked.push(created);
  return created;
}

export async function dropTrackedClusters(): Promise<void> {
  for (const cluster of tracked.splice(0)) await cluster.drop();
}

/** Kills (CLIENT KILL) the Redis subscriber connections of the cluster's instances; returns how many. */
export async function killSubscribers(cluster: Cluster): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const list = (await redis.client('LIST')) as string;
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=${cluster.redisPrefix}sub `))
      .map((line) => /\bid=(\d+)/.exec(line)![1]!);
    for (const id of ids) await redis.client('KILL', 'ID', id);
    return ids.length;
  } finally {
    redis.disconnect();
  }
}

/** A Redis of the test's own (redis-server on a free port, nothing saved), to stop and start again. */
export interface PrivateRedis {
  url: string;
  /** The redis-server process (for its CPU time), while it runs. */
  pid(): number | undefined;
  /** Kills it (SIGKILL): whatever it held or was sending is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once it answers. */
  start(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const redis: PrivateRedis = {
    url,
    pid: () => child?.pid,
    async kill() {
      // Already gone (killed before, or exited): its 'exit' will not come again.
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      const probe = new Redis(url, { retryStrategy: () => 20, maxRetriesPerRequest: null });
      probe.on('error', () => undefined);
      try {
        await probe.ping();
      } finally {
        probe.disconnect();
      }
    },
  };
  await redis.start();
  return redis;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
