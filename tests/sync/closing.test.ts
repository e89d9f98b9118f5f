/**
 * Closing a review at the wire: once the facilitator closes it, the server treats every connection
 * as read-only, edit and facilitator tokens included. Every writer's update frames are dropped and
 * change nothing (not stored, not relayed), and so is their presence; connected clients learn the
 * status live; reopening restores editing and presence.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFinding, listFindings, readControl, readMeta } from '@hindsight/review';
import { connectClient, openRaw, socketOf, waitFor, type SyncClient } from '../support/clients';
import { storedState } from '../support/db';
import { awarenessFrame, captureUpdates, requestStep2, syncUpdateFrame } from '../support/frames';
import { createReview, startServer, stopAllServers } from '../support/server';

afterAll(stopAllServers);

/** The names of everyone a client is shown as present. */
function presenceNames(client: SyncClient): string[] {
  return [...client.provider.awareness.getStates().values()].map(
    (state) => (state as { user?: { name?: string } }).user?.name ?? '',
  );
}

describe('closing a review', () => {
  it('makes every connection read-only at the wire until it is reopened', async () => {
    const server = await startServer();
    const review = await createReview(server.url, 'Closing');
    const post = (path: string, body?: unknown) =>
      fetch(`${server.url}/api/reviews/${review.id}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${review.tokens.facilitator}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const facilitator = connectClient(server.wsUrl, review.id, review.tokens.facilitator);
    const viewer = connectClient(server.wsUrl, review.id, review.tokens.view);
    await Promise.all([editor.synced, facilitator.synced, viewer.synced]);
    addFinding(editor.doc, { category: 'went-wrong', text: 'before closing' });
    await waitFor(() => listFindings(viewer.doc).length === 1, 'the edit before closing');

    expect((await post('/close', { closedBy: 'Priya' })).status).toBe(200);
    await waitFor(
      () => [editor, facilitator, viewer].every((c) => readMeta(c.doc).status === 'closed'),
      'the closed status on every client',
    );
    expect(readControl(viewer.doc).closedBy).toBe('Priya');
    const before = await storedState(server.dataDir, review.id);

    // A raw update frame and a presence state from an edit socket, and edits and presence from the
    // stock clients (edit and facilitator).
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(editor.doc));
    const [forged] = captureUpdates(replica, () => addFinding(replica, { category: 'lucky', text: 'after closing' }));
    const raw = openRaw(server.wsUrl, review.id, review.tokens.edit);
    await raw.opened;
    raw.ws.send(syncUpdateFrame(forged!));
    const ghost = { user: { name: 'Ghost while closed', color: '#027a48' } };
    raw.ws.send(awarenessFrame([{ clientId: 4242, clock: 1, state: ghost }]));
    addFinding(editor.doc, { category: 'lucky', text: 'editor after closing' });
    addFinding(facilitator.doc, { category: 'lucky', text: 'facilitator after closing' });
    editor.provider.awareness.setLocalStateField('user', { name: 'Editor while closed', color: '#175cd3' });
    // A barrier per socket: the server handles a socket's messages in order, so its answer to a
    // sync step 1 proves every frame sent on that socket before it was handled.
    const [serverState] = await Promise.all(
      [raw.ws, socketOf(editor), socketOf(facilitator)].map((ws) => requestStep2(ws)),
    );
    // And the viewer's own answer comes after anything the server relayed to it before.
    await requestStep2(socketOf(viewer));
    const serverDoc = new Y.Doc();
    Y.applyUpdate(serverDoc, serverState!);
    expect(listFindings(serverDoc).map((f) => f.text)).toEqual(['before closing']);
    expect(listFindings(viewer.doc).map((f) => f.text)).toEqual(['before closing']);
    const after = await storedState(server.dataDir, review.id);
    expect(after.updates.length).toBe(before.updates.length);
    // Presence is dropped too: nobody is shown as present or editing in a closed review.
    expect(presenceNames(viewer)).not.toContain('Ghost while closed');
    expect(presenceNames(viewer)).not.toContain('Editor while closed');
    // Dropped, not an error: the socket stays open and read-only, like a viewer's.
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);

    expect((await post('/reopen')).status).toBe(200);
    await waitFor(() => readMeta(editor.doc).status === 'live', 'reopened on the editor');
    addFinding(editor.doc, { category: 'went-well', text: 'after reopening' });
    await waitFor(
      () => listFindings(viewer.doc).some((f) => f.text === 'after reopening'),
      'an edit after reopening reaches the viewer',
    );
    // What the stock clients typed while it was closed was held back, not lost: reopening asks
    // every writer for what the server lacks, and it lands now.
    await waitFor(
      () =>
        ['editor after closing', 'facilitator after closing'].every((text) =>
          listFindings(viewer.doc).some((f) => f.text === text),
        ),
      'the edits made while closed, merged on reopening',
    );
    // The same socket's presence goes through once the review is live again.
    raw.ws.send(awarenessFrame([{ clientId: 4242, clock: 2, state: ghost }]));
    await waitFor(() => presenceNames(viewer).includes('Ghost while closed'), 'presence after reopening');
    raw.ws.close();
    for (const client of [editor, facilitator, viewer]) client.destroy();
  });
});
