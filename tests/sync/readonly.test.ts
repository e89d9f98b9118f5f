import { storedState } from '../support/db';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addFinding, listFindings, readMeta, reviewSnapshot, setTitle } from '@hindsight/review';
import { connectClient, openRaw, waitFor, type SyncClient } from '../support/clients';
import {
  awarenessFrame,
  captureUpdates,
  decodeFrame,
  fetchServerDoc,
  requestStep2,
  syncStep2Frame,
  syncUpdateFrame,
} from '../support/frames';
import { createReview, startServer, stopAllServers, type TestServer } from '../support/server';

afterAll(stopAllServers);

/** True once `doc` holds everything `source` holds (its state vector covers source's). */
function hasEverythingOf(doc: Y.Doc, source: Y.Doc): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(source))) {
    if ((have.get(client) ?? 0) < clock) return false;
  }
  return true;
}

type Presence = { user?: { name?: string } } | undefined;

const clientsOf = (doc: Y.Doc) => [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()];

/** Every awareness client id `client` has ever seen added or updated. */
function recordAwareness(client: SyncClient): Set<number> {
  const seen = new Set<number>(client.provider.awareness.getStates().keys());
  client.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated]) seen.add(id);
  });
  return seen;
}

/** The stock client's socket (the `ws` polyfill), for sending a barrier on the same connection. */
function socketOf(client: SyncClient): WebSocket {
  const ws = client.provider.ws;
  if (!ws) throw new Error('client is not connected');
  return ws as unknown as WebSocket;
}

describe('read-only viewers', () => {
  let server: TestServer;
  const open: SyncClient[] = [];
  const connect = (reviewId: string, token: string) => {
    const client = connectClient(server.wsUrl, reviewId, token);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.destroy();
  });

  it('a viewer receives the full document on connect and editors\u2019 later changes live', async () => {
    const review = await createReview(server.url, 'Viewer sync');
    const editor = connect(review.id, review.tokens.edit);
    await editor.synced;
    setTitle(editor.doc, 'Viewer sync: DNS');
    addFinding(editor.doc, { category: 'went-wrong', text: 'TTL too long' });

    const viewer = connect(review.id, review.tokens.view);
    await viewer.synced;
    await waitFor(() => hasEverythingOf(viewer.doc, editor.doc), 'viewer has the whole document');
    expect(reviewSnapshot(viewer.doc)).toEqual(reviewSnapshot(editor.doc));

    addFinding(editor.doc, { category: 'lucky', text: 'Cache hid it for an hour' });
    await waitFor(() => listFindings(viewer.doc).length === 2, 'viewer receives the new finding');
    expect(reviewSnapshot(viewer.doc)).toEqual(reviewSnapshot(editor.doc));
  });

  it('a viewer\u2019s edits through the stock client reach nobody, not a fresh client, and are not stored', async () => {
    const review = await createReview(server.url, 'Stock viewer');
    const editor = connect(review.id, review.tokens.edit);
    const other = connect(review.id, review.tokens.facilitator);
    const viewer = connect(review.id, review.tokens.view);
    await Promise.all([editor.synced, other.synced, viewer.synced]);
    addFinding(editor.doc, { category: 'went-well', text: 'Paging worked' });
    await waitFor(
      () => hasEverythingOf(other.doc, editor.doc) && hasEverythingOf(viewer.doc, editor.doc),
      'initial sync',
    );
    const awarenessSeenByOther = recordAwareness(other);
    const before = await storedState(server.dataDir, review.id);

    // The viewer edits its local document and announces its presence, as the web app would.
    setTitle(viewer.doc, 'HACKED by a viewer');
    addFinding(viewer.doc, { category: 'went-wrong', text: 'planted by a viewer' });
    viewer.provider.awareness.setLocalStateField('user', { name: 'viewer' });
    // Same socket, in order: once this answer arrives, the server has handled all of the above.
    await requestStep2(socketOf(viewer));

    // A legitimate change afterwards; it is relayed after anything the viewer's frames could have caused.
    editor.provider.awareness.setLocalStateField('user', { name: 'editor' });
    const [legit] = captureUpdates(editor.doc, () => setTitle(editor.doc, 'Stock viewer: legit'));
    await waitFor(() => hasEverythingOf(other.doc, editor.doc), 'other editor receives the legit title');
    await waitFor(
      () => (other.provider.awareness.getStates().get(editor.doc.clientID) as Presence)?.user?.name === 'editor',
      'other editor sees the editor\u2019s presence',
    );
    // The viewer still follows live (its own local edits stay local).
    await waitFor(() => hasEverythingOf(viewer.doc, editor.doc), 'viewer receives the legit change');

    expect(readMeta(other.doc).title).toBe('Stock viewer: legit');
    expect(listFindings(other.doc).map((f) => f.text)).toEqual(['Paging worked']);
    expect(clientsOf(other.doc)).not.toContain(viewer.doc.clientID);
    expect(awarenessSeenByOther.has(viewer.doc.clientID)).toBe(false);

    const fresh = connect(review.id, review.tokens.view);
    await fresh.synced;
    await waitFor(() => hasEverythingOf(fresh.doc, editor.doc), 'fresh client has the document');
    expect(reviewSnapshot(fresh.doc)).toEqual(reviewSnapshot(other.doc));
    expect(readMeta(fresh.doc).title).toBe('Stock viewer: legit');
    expect(clientsOf(fresh.doc)).not.toContain(viewer.doc.clientID);

    // Stored: exactly the editor's update, byte for byte; the snapshot is untouched.
    const after = await storedState(server.dataDir, review.id);
    expect(after.updates).toEqual([...before.updates, legit]);
    expect(after.lastSeq).toBe(before.lastSeq + 1);
    expect(after.snapshot).toEqual(before.snapshot);
  });

  it('hand-built sync step 2, sync update and awareness frames from a viewer change nothing and are not stored', async () => {
    const review = await createReview(server.url, 'Raw viewer');
    const editor = connect(review.id, review.tokens.edit);
    const other = connect(review.id, review.tokens.edit);
    await Promise.all([editor.synced, other.synced]);
    addFinding(editor.doc, { category: 'went-well', text: 'Rollback was fast' });
    await waitFor(() => hasEverythingOf(other.doc, editor.doc), 'initial sync');
    const awarenessSeenByOther = recordAwareness(other);
    const before = await storedState(server.dataDir, review.id);

    const raw = openRaw(server.wsUrl, review.id, review.tokens.view);
    await raw.opened;
    // The viewer gets the whole document on connect (sync step 1 -> step 2), and forges changes on it.
    const forged = await fetchServerDoc(raw.ws);
    expect(reviewSnapshot(forged)).toEqual(reviewSnapshot(other.doc));
    const serverState = Y.encodeStateVector(forged);
    const [titleUpdate] = captureUpdates(forged, () => setTitle(forged, 'RAW HACK'));
    const [findingUpdate] = captureUpdates(forged, () =>
      addFinding(forged, { category: 'contributing-factor', text: 'planted through raw frames' }),
    );
    const forgedFrames = [
      syncStep2Frame(Y.encodeStateAsUpdate(forged, serverState)),
      syncUpdateFrame(titleUpdate!),
      syncUpdateFrame(findingUpdate!),
      awarenessFrame([{ clientId: forged.clientID, clock: 1, state: { user: { name: 'raw viewer' } } }]),
    ];
    for (const frame of forgedFrames) raw.ws.send(frame);
    // The answer to this proves every frame above was handled (in order, on this socket).
    const viewAfterForgery = new Y.Doc();
    Y.applyUpdate(viewAfterForgery, await requestStep2(raw.ws));
    const framesSeen = raw.frames.length;

    editor.provider.awareness.setLocalStateField('user', { name: 'editor' });
    const [legit] = captureUpdates(editor.doc, () =>
      addFinding(editor.doc, { category: 'went-wrong', text: 'Alert routed to an old rota' }),
    );
    await waitFor(() => hasEverythingOf(other.doc, editor.doc), 'other editor receives the legit finding');
    await waitFor(() => awarenessSeenByOther.has(editor.doc.clientID), 'other editor sees the editor\u2019s presence');

    // The raw viewer receives the legit change live, as a sync update.
    await waitFor(() => {
      for (const frame of raw.frames.slice(framesSeen)) {
        const decoded = decodeFrame(frame);
        if (decoded.kind === 'update') Y.applyUpdate(viewAfterForgery, decoded.update);
      }
      return listFindings(viewAfterForgery).some((f) => f.text === 'Alert routed to an old rota');
    }, 'raw viewer receives the legit finding');
    expect(reviewSnapshot(viewAfterForgery)).toEqual(reviewSnapshot(other.doc));

    expect(readMeta(other.doc).title).toBe('Raw viewer');
    expect(listFindings(other.doc).map((f) => f.text)).toEqual(['Rollback was fast', 'Alert routed to an old rota']);
    expect(clientsOf(other.doc)).not.toContain(forged.clientID);
    expect(awarenessSeenByOther.has(forged.clientID)).toBe(false);

    const fresh = connect(review.id, review.tokens.view);
    await fresh.synced;
    await waitFor(() => hasEverythingOf(fresh.doc, editor.doc), 'fresh client has the document');
    expect(reviewSnapshot(fresh.doc)).toEqual(reviewSnapshot(other.doc));
    expect(clientsOf(fresh.doc)).not.toContain(forged.clientID);
    expect(fresh.provider.awareness.getStates().has(forged.clientID)).toBe(false);

    const after = await storedState(server.dataDir, review.id);
    expect(after.updates).toEqual([...before.updates, legit]);
    expect(after.lastSeq).toBe(before.lastSeq + 1);
    expect(after.snapshot).toEqual(before.snapshot);
    raw.ws.close();
  });
});
