/**
 * A review written before decision context existed: its timeline events have no context map. The
 * server adds the maps when it loads the review, so two people who open the same event's context at
 * once type into one map (created by clients on first use, one map would replace the other).
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addEventContext,
  addTimelineEvent,
  countEventsWithoutContext,
  eventContextText,
  listTimeline,
} from '@hindsight/review';
import { connectClient, waitFor } from '../support/clients';
import { createReview, startServer, stopAllServers } from '../support/server';

afterAll(stopAllServers);

const at = '2024-05-01T15:00:00Z';

describe('document upgrade on load', () => {
  it('gives old timeline events their context maps, so two people adding context at once both keep their words', async () => {
    const server = await startServer();
    const review = await createReview(server.url, 'Written before context');
    // Write the review as an older version did: events without a context map.
    const writer = connectClient(server.wsUrl, review.id, review.tokens.edit);
    await writer.synced;
    const id = addTimelineEvent(writer.doc, { at, kind: 'action', text: 'Restarted pods' });
    addTimelineEvent(writer.doc, { at, kind: 'decision', text: 'Fail over' });
    writer.doc.transact(() => {
      for (const event of writer.doc.getArray('timeline')) (event as Y.Map<unknown>).delete('context');
    });
    const check = connectClient(server.wsUrl, review.id, review.tokens.view);
    await check.synced;
    await waitFor(() => countEventsWithoutContext(check.doc) === 2, 'the server to hold the old-style events');
    writer.destroy();
    check.destroy();
    await waitFor(() => server.logs.some((l) => l.msg === 'room.unloaded'), 'the room to unload');

    // Loaded again: the server adds the maps before anyone asks for context.
    const a = connectClient(server.wsUrl, review.id, review.tokens.edit);
    const b = connectClient(server.wsUrl, review.id, review.tokens.facilitator);
    await Promise.all([a.synced, b.synced]);
    await waitFor(
      () => countEventsWithoutContext(a.doc) === 0 && countEventsWithoutContext(b.doc) === 0,
      'every event to have its context map, written by the server',
    );
    expect(server.logs.filter((l) => l.msg === 'room.document_upgraded')).toHaveLength(1);

    // Both open the first event's context and type while out of touch with each other.
    b.provider.disconnect();
    addEventContext(a.doc, id);
    eventContextText(a.doc, id, 'known')!.insert(0, 'The lag alert was firing. ');
    addEventContext(b.doc, id);
    eventContextText(b.doc, id, 'known')!.insert(0, 'Dashboards were stale. ');
    b.provider.connect();
    const knownIn = (doc: Y.Doc) => listTimeline(doc).find((e) => e.id === id)?.context?.known ?? '';
    const both = (doc: Y.Doc) => knownIn(doc).includes('lag alert') && knownIn(doc).includes('Dashboards were stale');
    await waitFor(() => both(a.doc) && both(b.doc), 'both writers’ context in both replicas');
    const fresh = connectClient(server.wsUrl, review.id, review.tokens.view);
    await fresh.synced;
    expect(both(fresh.doc), 'the stored review keeps both writers’ context').toBe(true);
    for (const c of [a, b, fresh]) c.destroy();
  });
});
