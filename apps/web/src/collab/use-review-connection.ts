import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { canFollowUp, type Role } from '@hindsight/protocol';
import { observeControl, readControl } from '@hindsight/review';
import { afterClose, INITIAL_FACTS, isFinalClose, type ConnectionFacts } from './connection-state';
import { rejoinDelayMs } from './identity';

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
export function useReviewConnection(
  reviewId: string,
  token: string | null,
  role: Role | null = null,
): ReviewConnection {
  const [connection, setConnection] = useState<ReviewConnection>({ doc: null, provider: null, facts: INITIAL_FACTS });
  // Read when the review closes (see below); known once the review's summary has loaded.
  const roleRef = useRef(role);
  roleRef.current = role;

  useEffect(() => {
    if (!token) return;
    const doc = new Y.Doc();
    const persistence = new IndexeddbPersistence(localStoreName(reviewId), doc);
    let provider: WebsocketProvider | null = null;
    let disposed = false;
    let rotation: ReturnType<typeof setTimeout> | undefined;
    // Whether presence under the current client id has ever shown someone (a name or a pseudonym).
    // Not only now: a tab that went offline shows nobody for a while, yet its id carried a name.
    let shownUnderThisId = false;
    const update = (change: (facts: ConnectionFacts) => ConnectionFacts) =>
      setConnection((current) => (current.doc === doc ? { ...current, facts: change(current.facts) } : current));

    // 'synced' here means "the saved copy is loaded", not "in sync with the server".
    void persistence.whenSynced.then(() => update((facts) => ({ ...facts, storedLocally: true })));

    const connect = () => {
      const own = new WebsocketProvider(syncServerUrl(), reviewId, doc, {
        params: { token },
        // Each tab talks to the server itself: the server decides who may write, and a tab that
        // shows "offline" really receives nothing (no quiet sync through another tab's channel).
        disableBc: true,
        shouldReconnect: (event) => !isFinalClose(event.code),
      });
      provider = own;
      // Only the current provider reports: a replaced one's last events are not this connection's.
      const report = (change: (facts: ConnectionFacts) => ConnectionFacts) => {
        if (provider === own) update(change);
      };
      own.awareness.on('change', () => {
        if ((own.awareness.getLocalState() as { user?: unknown } | null)?.user != null) shownUnderThisId = true;
      });
      own.on('status', ({ status }) => report((facts) => ({ ...facts, status })));
      own.on('sync', (synced) => {
        // A mark for the web benchmark's breakdown of time to interactive.
        if (synced) performance.mark('hindsight:synced');
        report((facts) => ({
          ...facts,
          synced,
          everSynced: facts.everSynced || synced,
          lastClose: synced ? null : facts.lastClose,
        }));
      });
      own.on('connection-close', (event) => {
        // null when the provider closed the socket itself (destroy, or its silence watchdog)
        if (event) report((facts) => afterClose(facts, { code: event.code, reason: event.reason }));
      });
      own.on('closed', (close) => report((facts) => ({ ...facts, ended: close, synced: false })));
      setConnection((current) => ({
        doc,
        provider: own,
        facts: current.doc === doc ? { ...current.facts, synced: false, status: 'connecting' } : INITIAL_FACTS,
      }));
    };
    connect();

    // A new Yjs client id takes a new connection: the provider's presence speaks for the id its
    // document had when it was made (y-websocket reads its own presence under doc.clientID).
    let rotating = false;
    const renewClientId = () => {
      provider?.destroy();
      doc.clientID = freshClientId();
      shownUnderThisId = false;
      connect();
    };

    // When the findings become anonymous (or stop being), whoever was already shown here under one
    // identity gets a new one: a new Yjs client id and a new presence entry, after a random pause,
    // so nobody can match the pseudonym to the name that client id carried a moment before.
    // Closing drops every later write outside the follow-through fields, an edit made offline or on
    // its way included, and the server waits for a dropped update before any later one under the
    // same client id: the facilitator's and follow-up links' changes to the fixes would wait for
    // good. So closing gives a new id to those links, which still write after it (at once, unless an
    // anonymity change is giving one); the others write nothing more and keep their connection.
    let anonymous = readControl(doc).anonymity === 'anonymous';
    let closed = readControl(doc).status === 'closed';
    const stopObserving = observeControl(doc, () => {
      const nowClosed = readControl(doc).status === 'closed';
      const writesAfterClosing = roleRef.current !== null && canFollowUp(roleRef.current);
      if (nowClosed && !closed && !rotating && writesAfterClosing) {
        // Not inside the transaction that brought the close: after it, on a connection of its own.
        const current = provider;
        setTimeout(() => {
          if (!disposed && !rotating && provider === current) renewClientId();
        });
      }
      closed = nowClosed;
      const next = readControl(doc).anonymity === 'anonymous';
      if (next === anonymous) return;
      anonymous = next;
      const current = provider;
      if (!current || !shownUnderThisId) return;
      current.awareness.setLocalState(null); // leave now; come back later as someone else
      clearTimeout(rotation);
      rotating = true;
      rotation = setTimeout(() => {
        rotating = false;
        if (!disposed && provider === current) renewClientId();
      }, rejoinDelayMs());
    });

    return () => {
      disposed = true;
      clearTimeout(rotation);
      stopObserving();
      provider?.destroy();
      // stops writing, keeps what is stored; after the provider so no late update is missed
      void persistence.destroy();
      doc.destroy();
      setConnection({ doc: null, provider: null, facts: INITIAL_FACTS });
    };
  }, [reviewId, token]);

  return connection;
}

/** A random Yjs client id (what Y.Doc draws for itself: a uint32). */
function freshClientId(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
