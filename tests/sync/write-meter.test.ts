import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@hindsight/protocol';
import { readMeta, setTitle } from '@hindsight/review';
import { closeCode, connectClient, openRaw, waitFor, type SyncClient } from '../support/clients';
import { storedState } from '../support/db';
import { captureUpdates, fetchServerDoc, syncUpdateFrame } from '../support/frames';
import { createReview, startServer, stopAllServers, type TestServer } from '../support/server';

afterAll(stopAllServers);

const UPDATES_PER_SECOND = 20;
const UPDATE_BYTES_PER_MINUTE = 64 * 1024;

describe('writing is metered per connection', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      env: {
        HINDSIGHT_UPDATES_PER_SECOND: String(UPDATES_PER_SECOND),
        HINDSIGHT_UPDATE_BYTES_PER_MINUTE: String(UPDATE_BYTES_PER_MINUTE),
      },
    });
  });

  /**
   * Sends the updates `build` makes, all at once, from a raw editor socket while a stock editor
   * stays connected; returns the flooder's close code and how many of its updates were stored.
   */
  const flood = async (title: string, build: (doc: Y.Doc) => Uint8Array[]) => {
    const review = await createReview(server.url, title);
    const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const raw = openRaw(server.wsUrl, review.id, review.tokens.edit);
    let reader: SyncClient | undefined;
    try {
      await editor.synced;
      let disconnects = 0;
      editor.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected') disconnects++;
      });
      await raw.opened;
      const doc = await fetchServerDoc(raw.ws);
      const updates = build(doc);
      for (const update of updates) raw.ws.send(syncUpdateFrame(update));
      const code = await closeCode(raw);

      // The room carries on for everyone else.
      setTitle(editor.doc, `${title}: after`);
      reader = connectClient(server.wsUrl, review.id, review.tokens.view);
      const seen = reader;
      await waitFor(
        () => readMeta(seen.doc).title === `${title}: after`,
        'a change after the flood reaches a new reader',
      );
      expect(disconnects).toBe(0);
      const stored = (await storedState(server.dataDir, review.id)).updates;
      const fromFlooder = stored.filter((u) => Y.decodeUpdate(u).structs.some((s) => s.id.client === doc.clientID));
      return { code, stored: fromFlooder.length };
    } finally {
      editor.destroy();
      reader?.destroy();
      raw.ws.terminate();
    }
  };

  it(`more than HINDSIGHT_UPDATES_PER_SECOND (${UPDATES_PER_SECOND}) updates in a second close the socket with 4429`, async () => {
    const result = await flood('Update flood', (doc) =>
      Array.from({ length: 200 }, (_, i) => captureUpdates(doc, () => doc.getText('notes').insert(i, 'x'))[0]!),
    );
    expect(result.code).toBe(CloseCode.TooManyUpdates);
    // Only updates within the limit were stored; the rest never reached the room.
    expect(result.stored).toBeGreaterThan(0);
    expect(result.stored).toBeLessThanOrEqual(UPDATES_PER_SECOND);
  });

  it(`more than HINDSIGHT_UPDATE_BYTES_PER_MINUTE (${UPDATE_BYTES_PER_MINUTE}) bytes of updates close the socket with 4429`, async () => {
    const result = await flood('Byte flood', (doc) =>
      Array.from(
        { length: 5 },
        () => captureUpdates(doc, () => doc.getText('notes').insert(0, 'y'.repeat(20_000)))[0]!,
      ),
    );
    expect(result.code).toBe(CloseCode.TooManyUpdates);
    // Three 20 KB updates fit in 64 KiB; the fourth is over.
    expect(result.stored).toBe(3);
  });
});
