/**
 * The servers the compare benchmark runs side by side, behind one interface: Hindsight (compiled,
 * as `pnpm start` runs it, or from TypeScript through tsx, as before issue 12), the reference
 * y-websocket server and a plain relay. Every one is its own `node` process, so its CPU time and
 * RSS can be read from /proc; the reference and the relay run as plain JavaScript too (bundled
 * here with esbuild), so no server pays for a TypeScript loader the others do not.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createReview, startServer, type TestServer } from '@hindsight/tests/support/server';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type ServerKind = 'reference' | 'hindsight' | 'hindsight-tsx' | 'relay';

export const SERVER_LABELS: Record<ServerKind, string> = {
  reference: 'reference',
  hindsight: 'Hindsight',
  'hindsight-tsx': 'Hindsight via tsx',
  relay: 'relay',
};

/** A room to join: the stock client connects to `${wsUrl}/sync/${room}?token=${token}`. */
export interface BenchRoom {
  room: string;
  token: string;
}

export interface BenchServer {
  kind: ServerKind;
  wsUrl: string;
  /** The server's own process (not a wrapper), for /proc. */
  pid(): number;
  /** A new room that the returned token may write to. */
  openRoom(): Promise<BenchRoom>;
  /** Whether clients get a sync answer from it (the relay only forwards). */
  syncs: boolean;
  /** Stops and starts it on the same data (Hindsight only: the others keep nothing). */
  restart?(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * How the benchmarks run Hindsight. Logs at info level, as in production; every connection logs a
 * line or two. The write meter (100 updates a second per connection) is lifted: the reference has
 * none, and the ingest and fan-out scenarios send from one socket as fast as the server takes it.
 * The bytes queued per socket are capped as before the slow-consumer budgets (16 MiB, no room or
 * process budget): one bench process reads every receiving socket and may lag behind a burst the
 * reference queues too.
 */
export const BENCH_HINDSIGHT_ENV = {
  HINDSIGHT_LOG_LEVEL: 'info',
  HINDSIGHT_UPDATES_PER_SECOND: '1000000',
  HINDSIGHT_UPDATE_BYTES_PER_MINUTE: String(2 ** 40),
  HINDSIGHT_MAX_BUFFERED_BYTES: String(16 * 1024 * 1024),
  HINDSIGHT_MAX_BUFFERED_BYTES_PER_ROOM: String(2 ** 40),
  HINDSIGHT_MAX_BUFFERED_BYTES_PER_PROCESS: String(2 ** 40),
};

/** Starts a server; Hindsight's node gets `nodeArgs` too (a profiler's --cpu-prof). */
export async function startBenchServer(kind: ServerKind, nodeArgs: string[] = []): Promise<BenchServer> {
  if (kind === 'hindsight' || kind === 'hindsight-tsx') return startHindsight(kind, nodeArgs);
  return startPlain(kind);
}

async function startHindsight(kind: 'hindsight' | 'hindsight-tsx', nodeArgs: string[]): Promise<BenchServer> {
  const runtime = kind === 'hindsight' ? 'compiled' : 'tsx';
  const env = BENCH_HINDSIGHT_ENV;
  const start = (dataDir?: string) => startServer({ runtime, nodeArgs, env, ...(dataDir ? { dataDir } : {}) });
  let server: TestServer = await start();
  const bench: BenchServer = {
    kind,
    wsUrl: server.wsUrl,
    syncs: true,
    pid: () => server.process.pid!,
    async openRoom() {
      const review = await createReview(server.url, 'Bench');
      return { room: review.id, token: review.tokens.edit };
    },
    async restart() {
      await server.stop();
      server = await start(server.dataDir);
      bench.wsUrl = server.wsUrl;
    },
    async stop() {
      await server.stop();
    },
  };
  return bench;
}

let bundled: Promise<void> | undefined;

/** Bundles the reference server and the relay into bench/dist (their npm imports stay external). */
function bundlePlainServers(): Promise<void> {
  bundled ??= build({
    absWorkingDir: benchDir,
    entryPoints: ['reference-server.ts', 'relay-server.ts'],
    outdir: 'dist',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  }).then(() => undefined);
  return bundled;
}

async function startPlain(kind: 'reference' | 'relay'): Promise<BenchServer> {
  await bundlePlainServers();
  const child = fork(path.join(benchDir, 'dist', `${kind}-server.js`), [], {
    cwd: benchDir,
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    void exited.then(() => reject(new Error(`${kind} server exited before listening`)));
  });
  return {
    kind,
    wsUrl: `ws://127.0.0.1:${port}`,
    syncs: kind === 'reference',
    pid: () => child.pid!,
    // Any path is a room there, and nobody needs a token.
    openRoom: async () => ({ room: `bench-${randomUUID()}`, token: 'none' }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
