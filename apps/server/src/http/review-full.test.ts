import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@hindsight/protocol';
import { decodeIncoming, encodeUpdate } from '../sync/messages';
import { useTestApp } from '../testing/test-app';

const MAX_DOCUMENT_BYTES = 64 * 1024;
const t = useTestApp({ maxDocumentBytes: MAX_DOCUMENT_BYTES });

// Response shapes are asserted by the tests themselves.
const json = (res: Response): Promise<any> => res.json();

describe('a review at its size cap', () => {
  it('refuses the editor (4413) and tells the facilitator only why writes stop', async () => {
    const review = await json(
      await t.app.request('/api/reviews', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Full' }),
      }),
    );
    const info = async (link: string) =>
      json(
        await t.app.request(`/api/reviews/${review.id}`, {
          headers: { authorization: `Bearer ${review.tokens[link]}` },
        }),
      );
    expect(await info('facilitator')).not.toHaveProperty('full');

    const room = await t.rooms.acquire(review.id);
    const closes: number[] = [];
    const editor = {
      connId: 'editor',
      role: 'editor' as const,
      linkId: review.linkIds.edit,
      send: () => undefined,
      close: (code: number) => closes.push(code),
    };
    room.join(editor);
    const client = new Y.Doc();
    client.getText('notes').insert(0, 'x'.repeat(MAX_DOCUMENT_BYTES));
    room.receive(editor, decodeIncoming(encodeUpdate(Y.encodeStateAsUpdate(client))));
    await room.whenIdle();
    expect(closes).toEqual([CloseCode.DocumentFull]);

    const facilitator = await info('facilitator');
    expect(facilitator.full.maxDocumentBytes).toBe(MAX_DOCUMENT_BYTES);
    expect(facilitator.full.documentBytes).toBeLessThan(MAX_DOCUMENT_BYTES);
    for (const link of ['edit', 'view']) expect(await info(link)).not.toHaveProperty('full');
    t.rooms.release(room);
  });
});
