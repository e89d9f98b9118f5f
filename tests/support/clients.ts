/** Real y-websocket clients and raw sockets for cross-process tests. */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export interface SyncClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server completed. */
  synced: Promise<void>;
  destroy(): void;
}

/** Connects the stock y-websocket client (as the web app does), without BroadcastChannel. */
export function connectClient(
  wsUrl: string,
  reviewId: string,
  token: string,
  doc = new Y.Doc(),
  socketClass: typeof WebSocket = WebSocket,
): SyncClient {
  const provider = new WebsocketProvider(`${wsUrl}/sync`, reviewId, doc, {
    params: { token },
    WebSocketPolyfill: socketClass as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** A stock client's socket: a `ws` WebSocket, since connectClient passes `ws` as the polyfill. */
export function socketOf(client: SyncClient): WebSocket {
  return client.provider.ws as unknown as WebSocket;
}

export interface RawSocket {
  ws: WebSocket;
  /** Binary frames received so far. */
  frames: Uint8Array[];
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a plain `ws` socket to the sync endpoint, for hand-built frames. */
export function openRaw(wsUrl: string, reviewId: string, token: string | null): RawSocket {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(`${wsUrl}/sync/${reviewId}${query}`);
  const frames: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  ws.on('error', () => undefined);
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
  opened.catch(() => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, frames, opened, closed };
}

/** The close code of a socket the server must close; fails instead of hanging when it stays open. */
export async function closeCode(raw: RawSocket, timeoutMs = 5_000): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return (await Promise.race([raw.closed, timeout])).code;
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP status a refused upgrade answered with. */
export function upgradeStatus(wsUrl: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}${path}`);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('error', (err) => reject(err));
  });
}

/** Polls `condition` until it holds (no fixed sleeps); throws with `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
