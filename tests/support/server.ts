/** Starts real Hindsight server processes for cross-process tests (port 0, a temp data dir). */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrlFor, dropSchemas, serversOnPostgres } from './postgres';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverDir = path.join(repoRoot, 'apps/server');
const compiledServer = path.join(serverDir, 'dist/main.js');

/**
 * How the server runs: `compiled` is what `pnpm start` runs in production (the bundle of
 * `pnpm build`, rebuilt first if any of its sources changed since); `tsx` runs the TypeScript
 * sources as `pnpm dev` does (the benchmark compares the two).
 */
export type ServerRuntime = 'compiled' | 'tsx';

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  /** Every JSON log line the process printed so far, parsed. */
  logs: Array<Record<string, unknown>>;
  process: ChildProcess;
  /** Resolves with the exit code once the process has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  /** SIGTERM and wait for exit (graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit (a crash). */
  kill9(): Promise<void>;
}

const running = new Set<TestServer>();
/** Data dirs `startServer` made itself: removed by `stopAllServers`, once no test can still use them. */
const ownedDirs = new Set<string>();
/** With HINDSIGHT_TEST_STORE=postgres: every data dir a server ran on, whose schema `stopAllServers` drops. */
const usedDirs = new Set<string>();

/** Makes a fresh temp data directory (removed by cleanupServers unless kept). */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-test-'));
}

/**
 * Per-address rate limits off: every test client connects from 127.0.0.1, one address playing a whole
 * team (and a fuzzer's reconnects). Tests of the limits pass their own (`tests/http/limits.test.ts`).
 */
const NO_ADDRESS_LIMITS = {
  HINDSIGHT_CREATES_PER_HOUR: '0',
  HINDSIGHT_JOINS_PER_MINUTE: '0',
  HINDSIGHT_UPGRADES_PER_MINUTE: '0',
};

/** Spawns the server (compiled unless told otherwise) and resolves once it logs `listening`. */
export async function startServer(
  opts: { dataDir?: string; env?: Record<string, string>; runtime?: ServerRuntime; nodeArgs?: string[] } = {},
): Promise<TestServer> {
  let dataDir = opts.dataDir;
  if (dataDir === undefined) ownedDirs.add((dataDir = tempDataDir()));
  if (serversOnPostgres) usedDirs.add(dataDir);
  const storage = serversOnPostgres ? { DATABASE_URL: await databaseUrlFor(dataDir) } : {};
  // nodeArgs: options node refuses in NODE_OPTIONS, such as a profiler's --cpu-prof.
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...serverArgs(opts.runtime ?? 'compiled')], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      HINDSIGHT_LOG_LEVEL: 'debug',
      ...NO_ADDRESS_LIMITS,
      ...storage,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === 'listening') resolve(entry.port as number);
        } catch {
          logs.push({ raw: line });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${stderr}`)));
  });
  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    logs,
    process: child,
    exited,
    async stop() {
      running.delete(server);
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      running.delete(server);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  running.add(server);
  return server;
}

function serverArgs(runtime: ServerRuntime): string[] {
  if (runtime === 'tsx') return ['--import', 'tsx', path.join(serverDir, 'src/main.ts')];
  if (!compiledServerIsFresh()) execFileSync(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: serverDir });
  return ['--enable-source-maps', compiledServer];
}

/** Whether dist/main.js exists and is newer than every source file that went into it. */
function compiledServerIsFresh(): boolean {
  try {
    const builtAt = fs.statSync(compiledServer).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(path.join(serverDir, 'dist/inputs.json'), 'utf8')) as string[];
    return inputs.every((input) => fs.statSync(path.join(serverDir, input)).mtimeMs <= builtAt);
  } catch {
    return false; // no build yet, or a source it was built from is gone
  }
}

/** Kills every server still running and removes the data dirs it made (for afterAll/afterEach). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.kill9()));
  for (const dir of ownedDirs) fs.rmSync(dir, { recursive: true, force: true });
  ownedDirs.clear();
  await dropSchemas(usedDirs);
  usedDirs.clear();
}

export interface CreatedReview {
  id: string;
  links: { facilitator: string; edit: string; view: string };
  tokens: { facilitator: string; edit: string; view: string };
}

/** Creates a review through the real REST API. */
export async function createReview(
  baseUrl: string,
  title = 'Checkout outage',
  severity = 'SEV2',
): Promise<CreatedReview> {
  const res = await fetch(`${baseUrl}/api/reviews`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, severity }),
  });
  if (res.status !== 201) throw new Error(`create review failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedReview;
}

/** An API call to one review that must succeed; returns the JSON body ({} for none, as with 204). */
export async function callApi(
  server: TestServer,
  review: CreatedReview,
  method: string,
  route: string,
  token: string,
  body?: unknown,
) {
  const response = await fetch(`${server.url}/api/reviews/${review.id}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
}
