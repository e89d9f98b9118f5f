import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { CloseCode, DEFAULT_LIMITS } from '@hindsight/protocol';
import { SERVER_OWNED_ROOTS } from '@hindsight/review';
import { createApp } from './app';
import { AnonymousRelease } from './review/anonymous-release';
import type { Config } from './config';
import { LocalFanout } from './fanout';
import type { Logger } from './log';
import { SqliteStore, type Store } from './store';
import { Rooms } from './sync/rooms';
import { createUpgradeHandler } from './sync/upgrade';

export interface RunningServer {
  url: string;
  port: number;
  rooms: Rooms;
  store: Store;
  /** Stops accepting, closes sockets with 1001, flushes every room and closes storage. */
  close(): Promise<void>;
}

/** Opens storage and starts HTTP, the API and the sync endpoint on one port. */
export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const store = new SqliteStore(path.join(config.dataDir, 'hindsight.sqlite'));
  const fanout = new LocalFanout();
  const rooms = new Rooms(store, log, {
    fanout,
    maxAwarenessStateBytes: config.limits.maxAwarenessStateBytes,
    awarenessPer10s: config.limits.awarenessPer10s,
    serverOwnedRoots: new Set(SERVER_OWNED_ROOTS),
    compactEvery: config.compactEvery,
  });
  const release = new AnonymousRelease(store, rooms, log);
  const app = createApp({
    store,
    rooms,
    release,
    log,
    maxBodyBytes: config.limits.maxBodyBytes,
    publicUrl: config.publicUrl,
    webDist: config.webDist,
  });
  const upgrades = createUpgradeHandler({
    store,
    rooms,
    log,
    limits: { ...config.limits, upgradeTimeoutMs: DEFAULT_LIMITS.upgradeTimeoutMs },
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server));
    s.once('error', reject);
  });
  server.on('upgrade', upgrades.handle);
  await release.start();
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      server.close();
      upgrades.close();
      release.stop();
      await rooms.closeAll(CloseCode.GoingAway, 'server shutting down');
      server.closeAllConnections();
      await fanout.close();
      await store.close();
    })());

  return { url, port, rooms, store, close };
}
