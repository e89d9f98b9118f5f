import { afterAll, describe, expect, it } from 'vitest';
import { readMeta, setTitle, titleText } from '@hindsight/review';
import { connectClient, socketOf, waitFor } from '../support/clients';
import { requestStep2 } from '../support/frames';
import { createReview, startServer, stopAllServers } from '../support/server';

afterAll(stopAllServers);

describe('sync smoke', () => {
  it('two editors see each other, a viewer follows but cannot write', async () => {
    const server = await startServer();
    const review = await createReview(server.url, 'Smoke');
    const a = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const b = connectClient(server.wsUrl, review.id, review.tokens.facilitator);
    const v = connectClient(server.wsUrl, review.id, review.tokens.view);
    await Promise.all([a.synced, b.synced, v.synced]);
    expect(readMeta(a.doc).title).toBe('Smoke');
    setTitle(a.doc, 'Smoke test');
    await waitFor(() => readMeta(b.doc).title === 'Smoke test' && readMeta(v.doc).title === 'Smoke test', 'title');
    titleText(v.doc).insert(0, 'HACK ');
    // Barriers: the answer to a sync step 1 on the viewer's socket comes after its edit was handled,
    // and one on an editor's socket after anything the server relayed to it before.
    await requestStep2(socketOf(v));
    await requestStep2(socketOf(a));
    expect(readMeta(a.doc).title, 'the viewer’s edit reached an editor').toBe('Smoke test');
    const afterViewer = connectClient(server.wsUrl, review.id, review.tokens.view);
    await afterViewer.synced;
    expect(readMeta(afterViewer.doc).title, 'the viewer’s edit is in the server’s document').toBe('Smoke test');
    afterViewer.destroy();
    setTitle(b.doc, 'Smoke test 2');
    await waitFor(() => readMeta(a.doc).title === 'Smoke test 2', 'second title');
    const fresh = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await fresh.synced;
    expect(readMeta(fresh.doc).title).toBe('Smoke test 2');
    for (const c of [a, b, v, fresh]) c.destroy();
    // Structured logs carry review and connection ids, never a capability token.
    await fetch(`${server.url}/api/reviews/${review.id}`, {
      headers: { authorization: `Bearer ${review.tokens.view}` },
    });
    const logged = JSON.stringify(server.logs);
    expect(logged).toContain(review.id);
    for (const token of Object.values(review.tokens)) expect(logged).not.toContain(token.slice(3));
  });
});
