import { storedState } from '../support/db';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, readRoomPresence } from '@hindsight/protocol';
import { addFinding, listFindings, readMeta, setTitle, titleText } from '@hindsight/review';
import { closeCode, connectClient, openRaw, waitFor, type RawSocket, type SyncClient } from '../support/clients';
import {
  awarenessFrame,
  captureUpdates,
  decodeFrame,
  fetchServerDoc,
  requestStep2,
  syncStep2Frame,
  syncUpdateFrame,
} from '../support/frames';
import { createReview, startServer, stopAllServers, type CreatedReview, type TestServer } from '../support/server';

afterAll(stopAllServers);

const MAX_FRAME_BYTES = 65_536;
const AWARENESS_PER_10S = 20;

const clientsOf = (doc: Y.Doc) => [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()];

type Presence = { user?: { name?: string }; n?: number; cursor?: { n: number } } | undefined;
type AwarenessChange = Record<'added' | 'updated' | 'removed', number[]>;

describe('sync limits', () => {
  let server: TestServer;
  const open: SyncClient[] = [];
  const raws: RawSocket[] = [];

  beforeAll(async () => {
    server = await startServer({
      env: {
        HINDSIGHT_MAX_FRAME_BYTES: String(MAX_FRAME_BYTES),
        HINDSIGHT_AWARENESS_PER_10S: String(AWARENESS_PER_10S),
      },
    });
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.destroy();
    for (const raw of raws.splice(0)) raw.ws.terminate();
  });

  const connect = (reviewId: string, token: string) => {
    const client = connectClient(server.wsUrl, reviewId, token);
    open.push(client);
    return client;
  };
  const rawSocket = async (reviewId: string, token: string) => {
    const raw = openRaw(server.wsUrl, reviewId, token);
    raws.push(raw);
    await raw.opened;
    return raw;
  };
  /** Two editors that stay connected; `disconnects` counts every time the first one lost its socket. */
  const bystanders = async (review: CreatedReview) => {
    const editor = connect(review.id, review.tokens.edit);
    const other = connect(review.id, review.tokens.edit);
    await Promise.all([editor.synced, other.synced]);
    const stats = { disconnects: 0 };
    for (const c of [editor, other]) {
      c.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected') stats.disconnects++;
      });
    }
    return { editor, other, stats };
  };

  it('a frame over HINDSIGHT_MAX_FRAME_BYTES closes that socket with 1009, is not stored, and the room carries on', async () => {
    const review = await createReview(server.url, 'Big frames');
    const { editor, other, stats } = await bystanders(review);
    const before = await storedState(server.dataDir, review.id);

    const raw = await rawSocket(review.id, review.tokens.edit);
    const doc = await fetchServerDoc(raw.ws);
    // A perfectly valid update, refused for its size alone.
    const [big] = captureUpdates(doc, () => doc.getText('notes').insert(0, 'x'.repeat(70_000)));
    const frame = syncUpdateFrame(big!);
    expect(frame.byteLength).toBeGreaterThan(MAX_FRAME_BYTES);
    raw.ws.send(frame);
    expect(await closeCode(raw)).toBe(CloseCode.MessageTooBig);

    // Just under the limit is fine: the limit is about size, not content.
    const fits = await rawSocket(review.id, review.tokens.edit);
    const fitsDoc = await fetchServerDoc(fits.ws);
    const [under] = captureUpdates(fitsDoc, () => fitsDoc.getText('notes').insert(0, 'y'.repeat(60_000)));
    fits.ws.send(syncUpdateFrame(under!));
    await waitFor(() => other.doc.getText('notes').length === 60_000, 'the 60 KB update reaches the other editor');

    const [legit] = captureUpdates(editor.doc, () => setTitle(editor.doc, 'Big frames: after'));
    await waitFor(() => readMeta(other.doc).title === 'Big frames: after', 'legit change after the big frame');
    expect(clientsOf(other.doc)).not.toContain(doc.clientID);
    expect(other.doc.getText('notes').toString()).toBe('y'.repeat(60_000));
    expect(stats.disconnects).toBe(0);
    expect((await storedState(server.dataDir, review.id)).updates).toEqual([...before.updates, under, legit]);
    fits.ws.close();
  });

  it('a text frame closes that socket with 1003', async () => {
    const review = await createReview(server.url, 'Text frames');
    const { editor, other, stats } = await bystanders(review);
    const before = await storedState(server.dataDir, review.id);
    const raw = await rawSocket(review.id, review.tokens.edit);
    raw.ws.send('{"type":"update","title":"text frames are not the protocol"}');
    expect(await closeCode(raw)).toBe(CloseCode.UnsupportedData);

    const [legit] = captureUpdates(editor.doc, () => setTitle(editor.doc, 'Text frames: after'));
    await waitFor(() => readMeta(other.doc).title === 'Text frames: after', 'legit change after the text frame');
    expect(stats.disconnects).toBe(0);
    expect((await storedState(server.dataDir, review.id)).updates).toEqual([...before.updates, legit]);
  });

  it(`awareness updates beyond HINDSIGHT_AWARENESS_PER_10S (${AWARENESS_PER_10S}) close the socket with 1008`, async () => {
    const review = await createReview(server.url, 'Presence flood');
    // A raw watcher: unlike the stock client it echoes nothing, so only the flooder is measured here.
    const watcher = await rawSocket(review.id, review.tokens.edit);
    const flooder = await rawSocket(review.id, review.tokens.edit);
    const clientId = 0x1234_5678;
    const presence = (n: number) => awarenessFrame([{ clientId, clock: n, state: { user: { name: 'flood' }, n } }]);
    const watcherSaw = (n: number) =>
      watcher.frames.some((f) => {
        const decoded = decodeFrame(f);
        return decoded.kind === 'awareness' && decoded.claims.some((c) => c.clientId === clientId && c.clock === n);
      });

    for (let n = 1; n <= AWARENESS_PER_10S; n++) flooder.ws.send(presence(n));
    await requestStep2(flooder.ws); // still open after exactly the cap
    await waitFor(() => watcherSaw(AWARENESS_PER_10S), 'updates within the cap are relayed');
    flooder.ws.send(presence(AWARENESS_PER_10S + 1));
    expect(await closeCode(flooder)).toBe(CloseCode.PolicyViolation);
    expect(watcherSaw(AWARENESS_PER_10S + 1)).toBe(false);
    // Its presence leaves with it (state null); the watcher stays.
    await waitFor(
      () =>
        watcher.frames.some((f) => {
          const decoded = decodeFrame(f);
          return (
            decoded.kind === 'awareness' && decoded.claims.some((c) => c.clientId === clientId && c.state === null)
          );
        }),
      'flooder presence removed',
    );
    await requestStep2(watcher.ws);
  });

  it('stock clients echoing each other\u2019s presence are not closed by the awareness cap', async () => {
    // Three people each move their cursor 10 times: each sends 11 awareness updates of its own
    // (10 + the one on connect), under the cap of 20. The stock y-websocket client also echoes every
    // remote presence change it applies back to the server; those echoes carry no state of the sender.
    const review = await createReview(server.url, 'Presence echoes');
    const people = [0, 1, 2].map(() => connect(review.id, review.tokens.edit));
    await Promise.all(people.map((p) => p.synced));
    const disconnects = people.map(() => 0);
    people.forEach((p, i) =>
      p.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected') disconnects[i]!++;
      }),
    );
    const moves = 10;
    for (let n = 1; n <= moves; n++) {
      for (const p of people) p.provider.awareness.setLocalStateField('cursor', { n });
    }
    const converged = await waitFor(
      () =>
        people.every((p) =>
          people.every((q) => (p.provider.awareness.getStates().get(q.doc.clientID) as Presence)?.cursor?.n === moves),
        ),
      'everyone sees everyone\u2019s last cursor',
      5_000,
    ).then(
      () => true,
      () => false,
    );
    const closedForPresence = server.logs.filter(
      (l) => l.msg === 'conn.closing' && l.reason === 'too many awareness updates' && l.reviewId === review.id,
    );
    expect({ converged, disconnects, closedForPresence: closedForPresence.length }).toEqual({
      converged: true,
      disconnects: [0, 0, 0],
      closedForPresence: 0,
    });
  });

  it('an awareness update claiming another connection\u2019s client id is not relayed', async () => {
    const review = await createReview(server.url, 'Spoofing');
    const alice = connect(review.id, review.tokens.edit);
    const watcher = connect(review.id, review.tokens.view);
    await Promise.all([alice.synced, watcher.synced]);
    const aliceId = alice.doc.clientID;
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    await waitFor(
      () => (watcher.provider.awareness.getStates().get(aliceId) as Presence)?.user?.name === 'Alice',
      'watcher sees Alice',
    );
    // Everything the watcher ever learns about Alice's presence.
    const seenForAlice: Presence[] = [];
    let aliceRemoved = false;
    const strangers = new Set<number>();
    watcher.provider.awareness.on('change', ({ added, updated, removed }: AwarenessChange) => {
      for (const id of [...added, ...updated]) {
        const state = watcher.provider.awareness.getStates().get(id);
        if (id === aliceId) seenForAlice.push(state as Presence);
        // the server's own state (the connection count) is nobody's presence
        else if (!readRoomPresence(state)) strangers.add(id);
      }
      if (removed.includes(aliceId)) aliceRemoved = true;
    });

    const mallory = await rawSocket(review.id, review.tokens.edit);
    const malloryId = 0x0bad_cafe;
    const unclaimedId = 0x0ddb_a11;
    const spoofed = { user: { name: 'Mallory as Alice' } };
    // First message: only Alice's id (already bound to Alice's connection).
    mallory.ws.send(awarenessFrame([{ clientId: aliceId, clock: 1000, state: spoofed }]));
    // Its own state, with Alice's riding along.
    mallory.ws.send(
      awarenessFrame([
        { clientId: malloryId, clock: 1, state: { user: { name: 'Mallory' }, n: 1 } },
        { clientId: aliceId, clock: 1001, state: spoofed },
      ]),
    );
    // Removing Alice, and speaking for an id nobody holds yet.
    mallory.ws.send(awarenessFrame([{ clientId: aliceId, clock: 1002, state: null }]));
    mallory.ws.send(awarenessFrame([{ clientId: unclaimedId, clock: 1, state: { user: { name: 'ghost' } } }]));
    mallory.ws.send(awarenessFrame([{ clientId: malloryId, clock: 2, state: { user: { name: 'Mallory' }, n: 2 } }]));

    // Mallory's own last state arrives after anything her earlier frames could have caused.
    await waitFor(
      () => (watcher.provider.awareness.getStates().get(malloryId) as Presence)?.n === 2,
      'watcher sees Mallory\u2019s own presence',
    );
    expect(seenForAlice.filter((s) => s?.user?.name !== 'Alice')).toEqual([]);
    expect(aliceRemoved).toBe(false);
    expect(watcher.provider.awareness.getStates().has(unclaimedId)).toBe(false);
    expect([...strangers]).toEqual([malloryId]);

    // Alice still speaks for herself.
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice (2)' });
    await waitFor(
      () => (watcher.provider.awareness.getStates().get(aliceId) as Presence)?.user?.name === 'Alice (2)',
      'watcher sees Alice\u2019s own update',
    );
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);
  });

  it('an update with a missing dependency waits unseen and unstored until what it needs arrives', async () => {
    const review = await createReview(server.url, 'Missing deps');
    const { editor, other, stats } = await bystanders(review);
    const before = await storedState(server.dataDir, review.id);

    const source = await rawSocket(review.id, review.tokens.edit);
    const forger = await fetchServerDoc(source.ws);
    source.ws.close();
    // Two changes from one client; the second depends on the first, which the server does not have yet.
    const [first] = captureUpdates(forger, () => setTitle(forger, 'Missing deps: first'));
    const [second] = captureUpdates(forger, () => addFinding(forger, { category: 'lucky', text: 'second' }));
    // A delete-only update of content the server never saw.
    const [deleteOnly] = captureUpdates(forger, () => titleText(forger).delete(readMeta(forger).title.length - 7, 7));
    // Another client's change anchored on the unsent content: no gap in its own clock, a missing origin.
    const neighbour = new Y.Doc();
    Y.applyUpdate(neighbour, Y.encodeStateAsUpdate(forger));
    const [anchored] = captureUpdates(neighbour, () => titleText(neighbour).insert(titleText(neighbour).length, '!'));

    const attempts = [
      { what: 'gap, as sync update', frame: syncUpdateFrame(second!) },
      { what: 'gap, as sync step 2', frame: syncStep2Frame(second!) },
      { what: 'delete set of unknown content', frame: syncUpdateFrame(deleteOnly!) },
      { what: 'origin not in the document', frame: syncUpdateFrame(anchored!) },
    ];
    for (const attempt of attempts) {
      const raw = await rawSocket(review.id, review.tokens.edit);
      raw.ws.send(attempt.frame);
      // The answer to a step 1 sent after it proves the update was handled: held, socket open.
      await requestStep2(raw.ws);
      expect({ what: attempt.what, open: raw.ws.readyState === raw.ws.OPEN }).toEqual({
        what: attempt.what,
        open: true,
      });
      raw.ws.close();
      await raw.closed;
    }

    const [legit] = captureUpdates(editor.doc, () => setTitle(editor.doc, 'Missing deps: legit'));
    await waitFor(() => readMeta(other.doc).title === 'Missing deps: legit', 'legit change after the held ones');
    expect(listFindings(other.doc)).toEqual([]);
    expect(clientsOf(other.doc)).not.toContain(forger.clientID);
    expect(clientsOf(other.doc)).not.toContain(neighbour.clientID);
    expect(stats.disconnects).toBe(0);
    const after = await storedState(server.dataDir, review.id);
    expect(after.updates).toEqual([...before.updates, legit]);

    // On one socket, the dependent update first and then what it needs: both are applied, in order.
    const late = await rawSocket(review.id, review.tokens.edit);
    late.ws.send(syncUpdateFrame(second!));
    late.ws.send(syncUpdateFrame(first!));
    await waitFor(() => listFindings(other.doc).some((f) => f.text === 'second'), 'held update applied once complete');
    expect(late.ws.readyState).toBe(late.ws.OPEN);
    late.ws.close();
  });

  it('a connection that keeps sending updates it cannot back up is closed with 1007, and none is stored', async () => {
    const review = await createReview(server.url, 'Pending flood');
    const { other, stats } = await bystanders(review);
    const before = await storedState(server.dataDir, review.id);
    const source = await rawSocket(review.id, review.tokens.edit);
    const forger = await fetchServerDoc(source.ws);
    source.ws.close();
    const updates = captureUpdates(forger, () => {
      for (let i = 0; i < 100; i++) addFinding(forger, { category: 'lucky', text: `flood ${i}` });
    });
    const flood = await rawSocket(review.id, review.tokens.edit);
    for (const update of updates.slice(1)) flood.ws.send(syncUpdateFrame(update));
    expect(await closeCode(flood)).toBe(CloseCode.InvalidPayload);
    expect(listFindings(other.doc)).toEqual([]);
    expect(stats.disconnects).toBe(0);
    expect((await storedState(server.dataDir, review.id)).updates).toEqual(before.updates);
  });
});
