import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { INITIAL_FACTS, isFinalClose, type ConnectionFacts } from './connection-state';

/** `ws(s)://<host>/sync`: the sync endpoint on the page's own origin (proxied in development). */
export function syncServerUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`;
}

export interface ReviewConnection {
  /** The review's document, or null before the connection starts. */
  doc: Y.Doc | null;
  /** The sync provider (its `awareness` carries presence), or null before the connection starts. */
  provider: WebsocketProvider | null;
  facts: ConnectionFacts;
}

/** The IndexedDB database that holds this browser's copy of a review. */
export function localStoreName(reviewId: string): string {
  return `hindsight:${reviewId}`;
}

/**
 * Opens the review's document and keeps it synced over `/sync/:reviewId?token=...` while the
 * caller is mounted. Pass a null token to stay disconnected (e.g. until the token is checked).
 *
 * Every change (local or remote) is also written to IndexedDB, and the saved copy is loaded at
 * start: edits made offline survive a reload and merge on reconnect (Yjs updates commute), and a
 * review synced once in this browser can be shown while the server is unreachable.
 */
export function useReviewConnection(reviewId: string, token: string | null): ReviewConnection {
  const [connection, setConnection] = useState<ReviewConnection>({ doc: null, provider: null, facts: INITIAL_FACTS });

  useEffect(() => {
    if (!token) return;
    const doc = new Y.Doc();
    const persistence = new IndexeddbPersistence(localStoreName(reviewId), doc);
    const provider = new WebsocketProvider(syncServerUrl(), reviewId, doc, {
      params: { token },
      // Each tab talks to the server itself: the server decides who may write, and a tab that
      // shows "offline" really receives nothing (no quiet sync through another tab's channel).
      disableBc: true,
      shouldReconnect: (event) => !isFinalClose(event.code),
    });
    const update = (change: (facts: ConnectionFacts) => ConnectionFacts) =>
      setConnection((current) => (current.doc === doc ? { ...current, facts: change(current.facts) } : current));

    // 'synced' here means "the saved copy is loaded", not "in sync with the server".
    void persistence.whenSynced.then(() => update((facts) => ({ ...facts, storedLocally: true })));
    provider.on('status', ({ status }) => update((facts) => ({ ...facts, status })));
    provider.on('sync', (synced) => {
      // A mark for the web benchmark's breakdown of time to interactive.
      if (synced) performance.mark('hindsight:synced');
      update((facts) => ({
        ...facts,
        synced,
        everSynced: facts.everSynced || synced,
        lastClose: synced ? null : facts.lastClose,
      }));
    });
    provider.on('connection-close', (event) => {
      // null when the provider closed the socket itself (destroy, or its silence watchdog)
      if (event) update((facts) => ({ ...facts, lastClose: { code: event.code, reason: event.reason } }));
    });
    provider.on('closed', (close) => update((facts) => ({ ...facts, ended: close, synced: false })));

    setConnection({ doc, provider, facts: INITIAL_FACTS });
    return () => {
      provider.destroy();
      // stops writing, keeps what is stored; after the provider so no late update is missed
      void persistence.destroy();
      doc.destroy();
      setConnection({ doc: null, provider: null, facts: INITIAL_FACTS });
    };
  }, [reviewId, token]);

  return connection;
}
