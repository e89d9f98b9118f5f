/**
 * The facilitator's controls live in a root only the server writes: the facilitator changes them
 * through the API and every client sees the change live; an editor who writes that root from its
 * own document is disconnected (1007) and changes nothing, for anyone, in storage or on the wire.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readControl, readMeta, setTitle } from '@hindsight/review';
import { connectClient, openRaw, waitFor } from '../support/clients';
import { storedState } from '../support/db';
import { captureUpdates, syncUpdateFrame } from '../support/frames';
import { createReview, startServer, stopAllServers } from '../support/server';

afterAll(stopAllServers);

const patchControl = (url: string, id: string, token: string, body: unknown) =>
  fetch(`${url}/api/reviews/${id}/control`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

describe('facilitator controls', () => {
  it('a facilitator change reaches every connected client live', async () => {
    const server = await startServer();
    const review = await createReview(server.url, 'Controls');
    const editor = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const viewer = connectClient(server.wsUrl, review.id, review.tokens.view);
    await Promise.all([editor.synced, viewer.synced]);
    expect(readControl(editor.doc).anonymity).toBe('named');

    const res = await patchControl(server.url, review.id, review.tokens.facilitator, {
      anonymity: 'anonymous',
      phase: 'findings',
    });
    expect(res.status).toBe(200);
    await waitFor(
      () =>
        [editor, viewer].every(
          (c) => readControl(c.doc).anonymity === 'anonymous' && readControl(c.doc).phase === 'findings',
        ),
      'the change on every client',
    );
    const denied = await patchControl(server.url, review.id, review.tokens.edit, { anonymity: 'named' });
    expect(denied.status).toBe(403);
    editor.destroy();
    viewer.destroy();
  });

  it("an editor's forged write to the controls closes its socket and changes nothing", async () => {
    const server = await startServer();
    const review = await createReview(server.url, 'Controls');
    // Set away from their defaults (3 votes, named), so that forging the defaults would change something.
    await patchControl(server.url, review.id, review.tokens.facilitator, { votesPerPerson: 4, anonymity: 'anonymous' });
    const watcher = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await watcher.synced;
    await waitFor(
      () => readControl(watcher.doc).votesPerPerson === 4 && readControl(watcher.doc).anonymity === 'anonymous',
      'initial controls',
    );
    const before = await storedState(server.dataDir, review.id);

    // A replica of the review, edited where only the server may write: the forged budget and policy.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(watcher.doc));
    const [forged] = captureUpdates(replica, () => {
      const control = replica.getMap('control');
      control.set('votesPerPerson', 3);
      control.set('anonymity', 'named');
    });
    const attacker = openRaw(server.wsUrl, review.id, review.tokens.edit);
    await attacker.opened;
    attacker.ws.send(syncUpdateFrame(forged!));
    expect((await attacker.closed).code).toBe(1007);

    // A legitimate edit afterwards arrives; the forged one never did, and nothing was stored for it.
    setTitle(watcher.doc, 'Controls, still');
    const fresh = connectClient(server.wsUrl, review.id, review.tokens.view);
    await fresh.synced;
    await waitFor(() => readMeta(fresh.doc).title === 'Controls, still', 'the legitimate edit');
    expect(readControl(fresh.doc)).toMatchObject({ votesPerPerson: 4, anonymity: 'anonymous' });
    expect(readControl(watcher.doc).votesPerPerson).toBe(4);
    const after = await storedState(server.dataDir, review.id);
    expect(after.updates.length).toBe(before.updates.length + 1);
    watcher.destroy();
    fresh.destroy();
  });
});
