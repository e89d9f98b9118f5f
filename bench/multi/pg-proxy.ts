/**
 * A TCP proxy in front of PostgreSQL that counts round trips and statements (wire-counter.ts) of
 * every connection through it. It runs as a process of its own, so its CPU is neither the bench's
 * nor a server's (the bench reads it from /proc and reports it apart): `startPgProxy` forks it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { ConnectionCounter, emptyCounts, type WireCounts } from './wire-counter';

export interface PgProxy {
  port: number;
  pid: number;
  /** Everything counted since the proxy started. */
  counts(): Promise<WireCounts>;
  stop(): Promise<void>;
}

type ToChild = { kind: 'read'; id: number };
type FromChild = { kind: 'listening'; port: number } | { kind: 'counts'; id: number; counts: WireCounts };

/** Starts the proxy process, forwarding to PostgreSQL at `host:port`. */
export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  const child = fork(fileURLToPath(import.meta.url), ['--pg-proxy', target.host, String(target.port)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: FromChild) => message.kind === 'listening' && resolve(message.port));
    void exited.then(() => reject(new Error('the PostgreSQL proxy exited before listening')));
  });
  let nextId = 0;
  return {
    port,
    pid: child.pid!,
    counts: () => readCounts(child, nextId++),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function readCounts(child: ChildProcess, id: number): Promise<WireCounts> {
  return new Promise((resolve) => {
    const onMessage = (message: FromChild) => {
      if (message.kind !== 'counts' || message.id !== id) return;
      child.off('message', onMessage);
      resolve(message.counts);
    };
    child.on('message', onMessage);
    child.send({ kind: 'read', id } satisfies ToChild);
  });
}

/** The proxy process itself: forwards both ways unchanged, counting as the bytes pass. */
function serveProxy(host: string, port: number): void {
  const counts = emptyCounts();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port });
    const counter = new ConnectionCounter(counts);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk: Buffer) => {
      counter.client(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      counter.server(chunk);
      client.write(chunk);
    });
    // Either side going away ends the other: the pool sees a lost connection, as without the proxy.
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  server.listen(0, '127.0.0.1', () => {
    process.send!({ kind: 'listening', port: (server.address() as net.AddressInfo).port } satisfies FromChild);
  });
  process.on('message', (message: ToChild) => {
    if (message.kind === 'read') process.send!({ kind: 'counts', id: message.id, counts } satisfies FromChild);
  });
  process.on('SIGTERM', () => process.exit(0));
}

const flag = process.argv.indexOf('--pg-proxy');
if (flag >= 0) serveProxy(process.argv[flag + 1]!, Number(process.argv[flag + 2]));
