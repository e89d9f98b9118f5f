/**
 * A TCP relay between a server and PostgreSQL that a test takes down and brings back, so the
 * database becomes unreachable for that server alone while it stays up for every other test and
 * engineer on the machine.
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Refuses new connections and cuts the open ones: the database is unreachable. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Keeps every connection open but forwards nothing either way: packets lost, not refused. */
  blackhole(): void;
  /** Ends a blackhole: every connection, old and new, forwards again (a network partition healed). */
  heal(): void;
  /**
   * While set, a connection is cut (both sides) right after it forwarded a chunk from the client
   * that this returns true for: the database got the statement, the client never gets the answer.
   */
  cutAfter: ((fromClient: Buffer) => boolean) | undefined;
}

/** Starts a relay on a free port of 127.0.0.1 to `targetHost:targetPort`. */
export async function tcpProxy(targetPort: number, targetHost: string): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  /** Each inbound socket's outbound twin, to pipe them again after a blackhole. */
  const pairs = new Map<net.Socket, net.Socket>();
  let server: net.Server | undefined;
  let silent = false;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((inbound) => {
        const outbound = net.connect(targetPort, targetHost);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => (s === inbound ? outbound : inbound).destroy());
        }
        pairs.set(inbound, outbound);
        inbound.on('data', (chunk: Buffer) => {
          if (proxy.cutAfter?.(chunk)) for (const s of [inbound, outbound]) s.destroy();
        });
        inbound.on('close', () => pairs.delete(inbound));
        if (!silent) inbound.pipe(outbound).pipe(inbound);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const proxy: TcpProxy = {
    cutAfter: undefined,
    get port() {
      return port;
    },
    async down() {
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      server = undefined;
    },
    up: listen,
    blackhole() {
      silent = true;
      for (const s of sockets) s.unpipe();
    },
    heal() {
      silent = false;
      for (const [inbound, outbound] of pairs) inbound.pipe(outbound).pipe(inbound);
    },
  };
  return proxy;
}

/** `databaseUrl` with its host and port replaced by the proxy's, and the proxy (started) to it. */
export async function proxiedDatabaseUrl(databaseUrl: string): Promise<{ url: string; proxy: TcpProxy }> {
  const target = new URL(databaseUrl);
  const proxy = await tcpProxy(Number(target.port || 5432), target.hostname);
  target.host = `127.0.0.1:${proxy.port}`;
  return { url: target.toString(), proxy };
}
