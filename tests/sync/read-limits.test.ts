import * as encoding from 'lib0/encoding';
import { afterAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@hindsight/protocol';
import { readMeta, setTitle } from '@hindsight/review';
import { closeCode, connectClient, openRaw, waitFor, type RawSocket, type SyncClient } from '../support/clients';
import {
  awarenessFrame,
  encodeMessage,
  decodeFrame,
  fetchServerDoc,
  MessageType,
  queryAwarenessFrame,
  syncStep1Frame,
} from '../support/frames';
import { createReview, startServer, stopAllServers, type TestServer } from '../support/server';
import { within } from '../support/tcp';

afterAll(stopAllServers);

/** Counts the provider's disconnects from now on. */
function countDisconnects(client: SyncClient): () => number {
  let disconnects = 0;
  client.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'disconnected') disconnects++;
  });
  return () => disconnects;
}

/** Changes the title from `writer` and waits until `reader` has it: the room still relays. */
async function stillRelays(writer: SyncClient, reader: SyncClient, title: string): Promise<void> {
  setTitle(writer.doc, title);
  await waitFor(() => readMeta(reader.doc).title === title, `"${title}" reaches the other client`);
}

describe('reads and presence frames are metered per connection', () => {
  const SYNC_REQUESTS_PER_MINUTE = 5;
  const AWARENESS_QUERIES_PER_MINUTE = 3;
  const AWARENESS_FRAMES_PER_10S = 40;
  const AWARENESS_BYTES_PER_10S = 256 * 1024;
  let server: TestServer;

  const start = async () => {
    server ??= await startServer({
      env: {
        HINDSIGHT_SYNC_REQUESTS_PER_MINUTE: String(SYNC_REQUESTS_PER_MINUTE),
        HINDSIGHT_AWARENESS_QUERIES_PER_MINUTE: String(AWARENESS_QUERIES_PER_MINUTE),
        HINDSIGHT_AWARENESS_FRAMES_PER_10S: String(AWARENESS_FRAMES_PER_10S),
        HINDSIGHT_AWARENESS_BYTES_PER_10S: String(AWARENESS_BYTES_PER_10S),
      },
    });
    return server;
  };

  /**
   * Opens a raw socket with `token` beside two stock clients (an editor and a viewer) in a fresh
   * review, sends it `frames` and returns its close code; the stock clients must stay connected
   * and in sync throughout.
   */
  const flood = async (title: string, token: 'edit' | 'view', frames: Uint8Array[]) => {
    const { wsUrl, url } = await start();
    const review = await createReview(url, title);
    const editor = connectClient(wsUrl, review.id, review.tokens.edit);
    const viewer = connectClient(wsUrl, review.id, review.tokens.view);
    const raw = openRaw(wsUrl, review.id, review.tokens[token]);
    try {
      await Promise.all([editor.synced, viewer.synced, raw.opened]);
      const disconnects = [countDisconnects(editor), countDisconnects(viewer)];
      for (const frame of frames) raw.ws.send(frame);
      const closed = await within(raw.closed, 10_000, 'the server closes the raw socket');
      await stillRelays(editor, viewer, `${title}: after`);
      expect(disconnects.map((count) => count())).toEqual([0, 0]);
      return closed;
    } finally {
      editor.destroy();
      viewer.destroy();
      raw.ws.terminate();
    }
  };

  it(`a view link looping sync step 1 is closed with 4429 after HINDSIGHT_SYNC_REQUESTS_PER_MINUTE (${SYNC_REQUESTS_PER_MINUTE})`, async () => {
    const frames = Array.from({ length: 50 }, () => syncStep1Frame());
    const closed = await flood('Step 1 loop', 'view', frames);
    expect(closed).toEqual({ code: CloseCode.TooManyUpdates, reason: 'too many sync requests' });
  });

  it('the requests within the rate are answered, each with the document', async () => {
    const { wsUrl, url } = await start();
    const review = await createReview(url, 'Step 1 answered');
    const raw = openRaw(wsUrl, review.id, review.tokens.view);
    try {
      await raw.opened;
      for (let i = 0; i < SYNC_REQUESTS_PER_MINUTE; i++) {
        expect(readMeta(await fetchServerDoc(raw.ws)).title).toBe('Step 1 answered');
      }
      raw.ws.send(syncStep1Frame());
      expect(await closeCode(raw)).toBe(CloseCode.TooManyUpdates);
    } finally {
      raw.ws.terminate();
    }
  });

  it(`awareness queries beyond HINDSIGHT_AWARENESS_QUERIES_PER_MINUTE (${AWARENESS_QUERIES_PER_MINUTE}) close the socket with 4429`, async () => {
    const frames = Array.from({ length: 50 }, () => queryAwarenessFrame());
    const closed = await flood('Query loop', 'view', frames);
    expect(closed).toEqual({ code: CloseCode.TooManyUpdates, reason: 'too many awareness queries' });
  });

  it(`awareness frames are counted before they are parsed: frame ${AWARENESS_FRAMES_PER_10S + 1}, however malformed, closes by count (1008), not as malformed (1007)`, async () => {
    // Echo-like frames for other client ids: they cost parsing, but no presence rate of their own.
    // Every other one spells its type with a padded varuint (0x81 0x00), which lib0 reads as 1.
    const echoes = Array.from({ length: AWARENESS_FRAMES_PER_10S }, (_, i) => {
      const echo = awarenessFrame([{ clientId: 1_000 + i, clock: 1, state: { user: { name: 'x' } } }]);
      return i % 2 === 0 ? echo : new Uint8Array([0x81, 0x00, ...echo.subarray(1)]);
    });
    // 200 KB of a state that is not JSON: parsing it would cost and then fail (1007).
    const malformed = encodeMessage(MessageType.Awareness, (e) => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, 7);
      encoding.writeVarUint(inner, 1);
      encoding.writeVarString(inner, `{"pad":"${'q'.repeat(200_000)}`);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    });
    const closed = await flood('Awareness flood', 'edit', [...echoes, malformed]);
    expect(closed).toEqual({ code: CloseCode.PolicyViolation, reason: 'too many awareness updates' });
  });

  it(`awareness frames beyond HINDSIGHT_AWARENESS_BYTES_PER_10S (${AWARENESS_BYTES_PER_10S}) close the socket (1008)`, async () => {
    // Two 150 KB frames of foreign states, each far below the frame cap; together over the bytes.
    const bulky = (n: number) =>
      awarenessFrame(
        Array.from({ length: 10 }, (_, i) => ({ clientId: n * 100 + i, clock: 1, state: { pad: 'z'.repeat(15_000) } })),
      );
    const closed = await flood('Awareness bytes', 'edit', [bulky(1), bulky(2)]);
    expect(closed).toEqual({ code: CloseCode.PolicyViolation, reason: 'too many awareness updates' });
  });
});

describe('a client that does not read is closed as a slow consumer (4408)', () => {
  /** Enough relayed bytes to fill the loopback's kernel buffers and then the server's queue. */
  const UPDATES = 24;
  const UPDATE_BYTES = 800 * 1024;

  /** Writes UPDATES notes of UPDATE_BYTES from `editor`, each once `reader` has the one before: it never falls behind. */
  const writeLargeNotes = async (editor: SyncClient, reader: SyncClient) => {
    const notes = editor.doc.getText('notes');
    for (let i = 1; i <= UPDATES; i++) {
      notes.insert(0, String.fromCharCode(96 + i).repeat(UPDATE_BYTES));
      await waitFor(() => reader.doc.getText('notes').length === i * UPDATE_BYTES, `the reader has update ${i}`);
    }
  };

  /**
   * In a fresh review on `server`: a raw viewer stops reading its socket, then a stock editor
   * writes UPDATES updates of UPDATE_BYTES each while a stock viewer reads them; only the raw
   * viewer may be closed. Returns the budget
   * the server named and the close code the raw viewer reads once it reads again.
   */
  const stopReading = async (server: TestServer, title: string) => {
    const review = await createReview(server.url, title);
    const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const reader = connectClient(server.wsUrl, review.id, review.tokens.view);
    const raw = openRaw(server.wsUrl, review.id, review.tokens.view);
    try {
      await Promise.all([editor.synced, reader.synced, raw.opened]);
      const disconnects = [countDisconnects(editor), countDisconnects(reader)];
      raw.ws.pause();
      await writeLargeNotes(editor, reader);
      const slow = () => server.logs.find((l) => l.msg === 'conn.slow_consumer' && l.reviewId === review.id);
      await waitFor(() => slow() !== undefined, 'the server closes the raw viewer as a slow consumer');
      await stillRelays(editor, reader, `${title}: after`);
      expect(disconnects.map((count) => count())).toEqual([0, 0]);
      // It reads again: behind everything queued for it, the close frame says why.
      raw.ws.resume();
      return { budget: slow()!.budget, code: await closeCode(raw, 10_000) };
    } finally {
      editor.destroy();
      reader.destroy();
      raw.ws.terminate();
    }
  };

  const LIFTED = { HINDSIGHT_MAX_DOCUMENT_BYTES: String(256 * 1024 * 1024) };
  const BIG = String(1024 * 1024 * 1024);

  it('over its own cap (HINDSIGHT_MAX_BUFFERED_BYTES), while readers in its room keep up', async () => {
    const server = await startServer({ env: { ...LIFTED, HINDSIGHT_MAX_BUFFERED_BYTES: String(1024 * 1024) } });
    expect(await stopReading(server, 'Socket cap')).toEqual({ budget: 'socket', code: CloseCode.SlowConsumer });
  });

  /**
   * On a server capping each socket at 1 MiB: a review of ~19 MB, a raw viewer that sends `asks`
   * sync step 1 messages for all of it and reads nothing until an edit was relayed behind the
   * replies, then reads everything. Returns the kinds of frame it read (presence aside) and its
   * close code, if the server closed it.
   */
  const askWithoutReading = async (asks: number) => {
    const server = await startServer({ env: { ...LIFTED, HINDSIGHT_MAX_BUFFERED_BYTES: String(1024 * 1024) } });
    const review = await createReview(server.url, 'Large first sync');
    const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const witness = connectClient(server.wsUrl, review.id, review.tokens.view);
    let raw: RawSocket | undefined;
    try {
      await Promise.all([editor.synced, witness.synced]);
      await writeLargeNotes(editor, witness);
      raw = openRaw(server.wsUrl, review.id, review.tokens.view);
      await raw.opened;
      for (let i = 0; i < asks; i++) raw.ws.send(syncStep1Frame());
      raw.ws.pause();
      await stillRelays(editor, witness, 'Relayed behind the sync replies');
      raw.ws.resume();
      const { frames, ws } = raw;
      const kinds = () => frames.map((f) => decodeFrame(f).kind).filter((kind) => kind !== 'awareness');
      let closedWith: number | null = null;
      void raw.closed.then(({ code }) => (closedWith = code));
      await waitFor(() => closedWith !== null || kinds().includes('update'), 'the relayed edit or a close', 30_000);
      const replyBytes = frames.filter((f) => decodeFrame(f).kind === 'sync-step-2').map((f) => f.byteLength);
      expect(ws.readyState === ws.OPEN || closedWith !== null).toBe(true);
      return { kinds: kinds(), replyBytes, closedWith };
    } finally {
      editor.destroy();
      witness.destroy();
      raw?.ws.terminate();
    }
  };

  it('a joining client gets the whole of a document larger than its cap, and what is relayed meanwhile', async () => {
    const { kinds, replyBytes, closedWith } = await askWithoutReading(1);
    expect(closedWith).toBeNull();
    expect(kinds).toEqual(['sync-step-2', 'update']);
    expect(replyBytes[0]).toBeGreaterThan(UPDATES * UPDATE_BYTES);
  });

  it('only one sync reply at a time is let past the cap: a client asking twice without reading is closed', async () => {
    const { kinds, closedWith } = await askWithoutReading(2);
    expect(closedWith).toBe(CloseCode.SlowConsumer);
    expect(kinds).not.toContain('update');
  });

  it("over its room's budget (HINDSIGHT_MAX_BUFFERED_BYTES_PER_ROOM): the socket holding the most is closed", async () => {
    const server = await startServer({
      env: {
        ...LIFTED,
        HINDSIGHT_MAX_BUFFERED_BYTES: BIG,
        HINDSIGHT_MAX_BUFFERED_BYTES_PER_ROOM: String(2 * 1024 * 1024),
      },
    });
    expect(await stopReading(server, 'Room budget')).toEqual({ budget: 'room', code: CloseCode.SlowConsumer });
  });

  it("over the process's budget (HINDSIGHT_MAX_BUFFERED_BYTES_PER_PROCESS): the socket holding the most is closed", async () => {
    const server = await startServer({
      env: {
        ...LIFTED,
        HINDSIGHT_MAX_BUFFERED_BYTES: BIG,
        HINDSIGHT_MAX_BUFFERED_BYTES_PER_ROOM: BIG,
        HINDSIGHT_MAX_BUFFERED_BYTES_PER_PROCESS: String(2 * 1024 * 1024),
      },
    });
    expect(await stopReading(server, 'Process budget')).toEqual({ budget: 'process', code: CloseCode.SlowConsumer });
  });
});
