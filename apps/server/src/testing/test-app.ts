// Test support for the route tests (http/*.test.ts); production code never imports testing/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { CloseCode } from '@hindsight/protocol';
import { SERVER_OWNED_ROOTS } from '@hindsight/review';
import { createApp } from '../app';
import { rateLimitBy } from '../http/rate-limit';
import { AddressLimits, type AddressRates } from '../limits/address-limits';
import { LocalFanout } from '../fanout';
import { createLogger } from '../log';
import { AnonymousRelease } from '../review/anonymous-release';
import { SqliteStore } from '../store';
import { SpaceIndexer } from '../spaces/indexer';
import { Rooms } from '../sync/rooms';

/** Options of `useTestApp`: what differs between the route test files. */
export interface TestAppOptions {
  /** The app's body limit (default 16384). */
  maxBodyBytes?: number;
  /** Rate limits (every request counts as from one address); default: none. */
  rates?: AddressRates;
  /** Largest stored document of a review (default: the server's). */
  maxDocumentBytes?: number;
}

const UNLIMITED: AddressRates = {
  create: { points: 0, seconds: 1 },
  join: { points: 0, seconds: 1 },
  upgrade: { points: 0, seconds: 1 },
  joinLink: { points: 0, seconds: 1 },
};

/** One test's app and what stands behind it: a fresh SQLite file in its own temp folder. */
export interface TestApp {
  /** The temp folder holding `db.sqlite`; removed after the test. */
  readonly dir: string;
  readonly store: SqliteStore;
  readonly rooms: Rooms;
  readonly release: AnonymousRelease;
  readonly app: ReturnType<typeof createApp>;
  readonly indexer: SpaceIndexer;
  /** A request to `http://127.0.0.1${url}`; a string body goes as is, anything else as JSON. */
  call(method: string, url: string, token?: string | null, body?: unknown): Promise<Response>;
}

type Running = Omit<TestApp, 'call'>;

/**
 * Gives every test of the calling file a new app on a new store (beforeEach) and closes and removes it
 * afterwards (afterEach). Call it at the top level of a test file; read the fields inside tests only.
 */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  let running: Running | undefined;

  beforeEach(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-http-'));
    const store = new SqliteStore(path.join(dir, 'db.sqlite'));
    const log = createLogger('silent');
    const indexer = new SpaceIndexer(store, log, 0);
    const rooms = new Rooms(store, log, {
      fanout: new LocalFanout(),
      maxAwarenessStateBytes: 16384,
      awarenessPer10s: 100,
      compactEvery: 500,
      serverOwnedRoots: new Set(SERVER_OWNED_ROOTS),
      maxDocumentBytes: options.maxDocumentBytes,
      onStored: (reviewId) => indexer.changed(reviewId),
      onLoaded: (room) => indexer.loaded(room),
    });
    indexer.attach(rooms);
    const release = new AnonymousRelease(store, rooms, log);
    const maxBodyBytes = options.maxBodyBytes ?? 16384;
    const webDist = path.join(dir, 'no-web'); // no web build: the API alone
    const rateLimit = rateLimitBy(new AddressLimits(options.rates ?? UNLIMITED), undefined);
    const app = createApp({
      store,
      rooms,
      release,
      log,
      maxBodyBytes,
      publicUrl: undefined,
      webDist,
      rateLimit,
      indexer,
    });
    running = { dir, store, rooms, release, app, indexer };
  });

  afterEach(async () => {
    if (!running) return;
    const { dir, store, rooms, release, indexer } = running;
    running = undefined;
    release.stop();
    await indexer.flush();
    await rooms.closeAll(CloseCode.GoingAway, 'test over');
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const current = (): Running => {
    if (!running) throw new Error('useTestApp: the app exists only while a test runs');
    return running;
  };

  return {
    get dir() {
      return current().dir;
    },
    get store() {
      return current().store;
    },
    get rooms() {
      return current().rooms;
    },
    get release() {
      return current().release;
    },
    get app() {
      return current().app;
    },
    get indexer() {
      return current().indexer;
    },
    call(method, url, token, body) {
      return Promise.resolve(
        current().app.request(`http://127.0.0.1${url}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      );
    },
  };
}
