/**
 * One room's caps and failures, each at the wire (issue 17, point 4): the per-room connection cap
 * (503 on upgrade), a review that fails to load (503 on upgrade, loaded afresh later), a storage
 * failure (every socket closed with 1011, nothing relayed, the edit stored once storage is back),
 * the 16 KiB cap on one presence state (1009) and the 256 KiB cap on updates held for their
 * dependencies (1007).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@hindsight/protocol';
import { addFinding, findingText, listFindings } from '@hindsight/review';
import { closeCode, connectClient, openRaw, upgradeStatus, waitFor, type RawSocket } from '../support/clients';
import { failAppends, selectRows, storedDocument, storedState, writeDatabase } from '../support/db';
import { awarenessFrame, captureUpdates, decodeFrame, fetchServerDoc, syncUpdateFrame } from '../support/frames';
import { createReview, startServer, stopAllServers, type TestServer } from '../support/server';

afterAll(stopAllServers);

const MAX_PER_ROOM = 3;
const PRESENCE_CAP = 16 * 1024;

describe('caps and failures of one room', () => {
  let server: TestServer;
  const raws: RawSocket[] = [];
  beforeAll(async () => {
    server = await startServer({ env: { HINDSIGHT_MAX_CONNECTIONS_PER_ROOM: String(MAX_PER_ROOM) } });
  });
  afterEach(() => {
    for (const raw of raws.splice(0)) raw.ws.terminate();
  });
  const rawSocket = async (reviewId: string, token: string) => {
    const raw = openRaw(server.wsUrl, reviewId, token);
    raws.push(raw);
    await raw.opened;
    return raw;
  };

  it(`a room holds ${MAX_PER_ROOM} connections (HINDSIGHT_MAX_CONNECTIONS_PER_ROOM); one more gets 503, another review does not`, async () => {
    const review = await createReview(server.url, 'Full room');
    const other = await createReview(server.url, 'Other room');
    const path = (id: string, token: string) => `/sync/${id}?token=${encodeURIComponent(token)}`;
    const held = [];
    for (let i = 0; i < MAX_PER_ROOM; i++) held.push(await rawSocket(review.id, review.tokens.view));
    expect(await upgradeStatus(server.wsUrl, path(review.id, review.tokens.edit))).toBe(503);
    expect(await upgradeStatus(server.wsUrl, path(other.id, other.tokens.view))).toBe(101);
    // A place freed is a place taken: the server counts the close, then admits one more.
    held[0]!.ws.close();
    await held[0]!.closed;
    await waitFor(
      async () => (await upgradeStatus(server.wsUrl, path(review.id, review.tokens.view))) === 101,
      'an upgrade admitted once a connection left',
    );
  });

  it('a review whose stored document cannot be loaded answers its upgrades with 503, and loads afresh once it can', async () => {
    const review = await createReview(server.url, 'Broken snapshot');
    const upgrade = () => upgradeStatus(server.wsUrl, `/sync/${review.id}?token=${review.tokens.edit}`);
    const [stored] = await selectRows<{ data: Buffer }>(
      server.dataDir,
      'SELECT data FROM snapshots WHERE review_id = ?',
      review.id,
    );
    const setSnapshot = (bytes: Buffer) =>
      writeDatabase(server.dataDir, 'UPDATE snapshots SET data = ? WHERE review_id = ?', bytes, review.id);
    // Bytes Yjs cannot decode: the snapshot throws on load.
    await setSnapshot(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    expect(await upgrade()).toBe(503);
    await waitFor(
      () => server.logs.some((line) => line.msg === 'room.load_failed' && line.reviewId === review.id),
      'room.load_failed logged',
    );
    await setSnapshot(stored!.data);
    expect(await upgrade()).toBe(101);
  });

  it('when storage fails under an update, every socket of the room gets 1011, nobody receives it, and it is stored after the reconnect', async () => {
    const review = await createReview(server.url, 'Storage failure');
    const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await editor.synced;
    const viewer = await rawSocket(review.id, review.tokens.view);
    await fetchServerDoc(viewer.ws);
    const editorCloses: number[] = [];
    editor.provider.on('connection-close', (event) => editorCloses.push(event?.code ?? 0));

    // From outside the server, every append fails until released (support/db.ts says how).
    const release = await failAppends(server.dataDir);
    const framesBefore = viewer.frames.length;
    try {
      addFinding(editor.doc, { category: 'went-wrong', text: 'written while storage fails' });
      expect(await closeCode(viewer, 30_000)).toBe(CloseCode.InternalError);
      await waitFor(() => editorCloses.includes(CloseCode.InternalError), 'the editor closed with 1011');
    } finally {
      await release();
    }
    const relayed = viewer.frames.slice(framesBefore).map((frame) => decodeFrame(frame).kind);
    expect(relayed, 'no update reached the viewer').not.toContain('update');

    // Nothing lost: the editor's client reconnects and sends its edit again, now stored.
    await waitFor(
      async () => (await listStored(server, review.id)).includes('written while storage fails'),
      'the edit stored after the reconnect',
      30_000,
    );
    editor.destroy();
  });

  it('a presence state over 16 KiB closes its socket with 1009; one just under is shown', async () => {
    const review = await createReview(server.url, 'Big presence');
    const observer = connectClient(server.wsUrl, review.id, review.tokens.view);
    await observer.synced;
    const raw = await rawSocket(review.id, review.tokens.edit);
    // A state's size is its JSON; the padding brings each to the size wanted.
    const stateOf = (bytes: number) => {
      const state = { user: { name: 'Padded', color: '#027a48' }, pad: '' };
      state.pad = 'x'.repeat(bytes - JSON.stringify(state).length);
      return state;
    };
    const under = stateOf(PRESENCE_CAP);
    raw.ws.send(awarenessFrame([{ clientId: 5151, clock: 1, state: under }]));
    await waitFor(
      () => (observer.provider.awareness.getStates().get(5151) as { pad?: string } | undefined)?.pad === under.pad,
      'a 16 KiB state shown',
    );
    raw.ws.send(awarenessFrame([{ clientId: 5151, clock: 2, state: stateOf(PRESENCE_CAP + 1) }]));
    expect(await closeCode(raw)).toBe(CloseCode.MessageTooBig);
    observer.destroy();
  });

  it('updates held for a missing dependency may take 256 KiB: a connection holding more is closed with 1007, and none is stored', async () => {
    const review = await createReview(server.url, 'Held bytes');
    const source = await rawSocket(review.id, review.tokens.edit);
    const forger = await fetchServerDoc(source.ws);
    // The first update adds a finding; each later one types 40 KiB into it, so each needs the first.
    const chunk = 40 * 1024;
    const updates = captureUpdates(forger, () => {
      const id = addFinding(forger, { category: 'lucky', text: 'held' });
      for (let i = 0; i < 7; i++) findingText(forger, id)!.insert(0, String(i % 10).repeat(chunk));
    });
    const [first, ...dependent] = updates;
    const before = await storedState(server.dataDir, review.id);

    // Six held (240 KiB, well under the 64-update count cap) are within the cap: the socket stays,
    // and once the missing update comes, all of them are applied.
    const within = await rawSocket(review.id, review.tokens.edit);
    for (const update of dependent.slice(0, 6)) within.ws.send(syncUpdateFrame(update));
    within.ws.send(syncUpdateFrame(first!));
    await waitFor(
      async () => (await storedState(server.dataDir, review.id)).updates.length === before.updates.length + 7,
      'all 7 stored',
    );
    expect(within.ws.readyState).toBe(within.ws.OPEN);

    // Seven held (280 KiB) on a fresh review are one too many bytes.
    const second = await createReview(server.url, 'Held bytes, over');
    const beforeSecond = await storedState(server.dataDir, second.id);
    const over = await rawSocket(second.id, second.tokens.edit);
    const secondForger = await fetchServerDoc(over.ws);
    const overUpdates = captureUpdates(secondForger, () => {
      const id = addFinding(secondForger, { category: 'lucky', text: 'held' });
      for (let i = 0; i < 7; i++) findingText(secondForger, id)!.insert(0, String(i % 10).repeat(chunk));
    });
    for (const update of overUpdates.slice(1)) over.ws.send(syncUpdateFrame(update));
    expect(await closeCode(over)).toBe(CloseCode.InvalidPayload);
    expect((await storedState(server.dataDir, second.id)).updates).toEqual(beforeSecond.updates);
  });
});

/** The finding texts a fresh load of the stored rows shows. */
async function listStored(server: TestServer, reviewId: string): Promise<string[]> {
  return listFindings(await storedDocument(server.dataDir, reviewId)).map((finding) => finding.text);
}
