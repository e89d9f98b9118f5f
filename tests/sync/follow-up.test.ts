/**
 * The follow-up rule at the wire: a follow-up link changes only action items' status, owner, due date
 * and progress note; after the review is closed the facilitator may change those and nothing else,
 * and editors nothing. Raw sockets send what a forged client would; the oracle is the stored
 * document (snapshot and update rows, as a restart would load it): after every frame it differs
 * from before only in those four fields, and a refused frame reaches no other client.
 */
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  actionTitleText,
  addAction,
  addFinding,
  linkActionToFinding,
  listActions,
  reviewSnapshot,
  setTitle,
  updateAction,
  updateFinding,
} from '@hindsight/review';
import { openRaw, waitFor, type RawSocket } from '../support/clients';
import { storedDocument } from '../support/db';
import { decodeFrame, fetchServerDoc, requestStep2, syncUpdateFrame } from '../support/frames';
import { callApi, createReview, startServer, stopAllServers, type TestServer } from '../support/server';

afterAll(stopAllServers);

const FOLLOW_UP_FIELDS = ['status', 'owner', 'due', 'progress'] as const;

/** The review as the server stored it (what a restart loads). */
const storedDoc = (server: TestServer, reviewId: string) => storedDocument(server.dataDir, reviewId);

/** The whole review but the follow-through fields of its actions. */
function analysis(doc: Y.Doc) {
  const snapshot = reviewSnapshot(doc);
  return {
    ...snapshot,
    actions: snapshot.actions.map((action) => {
      const rest: Record<string, unknown> = { ...action };
      for (const field of FOLLOW_UP_FIELDS) delete rest[field];
      return rest;
    }),
  };
}

/** Sync update frames `raw` received so far (relayed edits; not answers to its own step 1). */
const relayed = (raw: RawSocket) => raw.frames.filter((frame) => decodeFrame(frame).kind === 'update').length;

interface Board {
  server: TestServer;
  reviewId: string;
  tokens: { facilitator: string; edit: string; view: string; followUp: string };
  actionId: string;
  findingId: string;
  otherFindingId: string;
  /** What the bystander (a view link) has received. */
  seen: Y.Doc;
  bystander: RawSocket;
}

async function board(): Promise<Board> {
  // The bystander asks for a barrier after every refused frame: more than a browser ever asks.
  const server = await startServer({ env: { HINDSIGHT_SYNC_REQUESTS_PER_MINUTE: '1000' } });
  const review = await createReview(server.url, 'Follow-up');
  const issued = (await callApi(server, review, 'POST', '/links', review.tokens.facilitator, {
    kind: 'follow-up',
  })) as { token: string; kind: string };
  expect(issued.kind).toBe('follow-up');
  const tokens = { ...review.tokens, followUp: issued.token };
  // The analysis, written by an editor.
  const editor = openRaw(server.wsUrl, review.id, tokens.edit);
  await editor.opened;
  const doc = await fetchServerDoc(editor.ws);
  let findingId = '';
  let otherFindingId = '';
  let actionId = '';
  const [update] = (() => {
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.transact(() => {
      findingId = addFinding(doc, { category: 'went-wrong', text: 'No alert on queue depth' });
      otherFindingId = addFinding(doc, { category: 'went-wrong', text: 'Runbook out of date' });
      actionId = addAction(doc, { title: 'Alert on queue depth', owner: 'Sam', findingIds: [findingId] });
    });
    return updates;
  })();
  editor.ws.send(syncUpdateFrame(update!));
  await requestStep2(editor.ws);
  editor.ws.close();
  const bystander = openRaw(server.wsUrl, review.id, tokens.view);
  const seen = new Y.Doc();
  bystander.ws.on('message', (data: Buffer) => {
    const frame = decodeFrame(new Uint8Array(data));
    if (frame.kind === 'update' || frame.kind === 'sync-step-2') Y.applyUpdate(seen, frame.update);
  });
  await bystander.opened;
  await requestStep2(bystander.ws);
  return {
    seen,
    server,
    reviewId: review.id,
    tokens,
    actionId,
    findingId,
    otherFindingId,
    bystander,
  };
}

/**
 * Sends `change`, made on a fresh replica of the server's document (a fresh Yjs client each time),
 * on a raw socket opened with `token`; resolves once the server handled it and anything it relayed
 * reached the bystander. Returns whether it was stored and relayed, and checks the oracle.
 */
async function send(b: Board, token: string, change: (doc: Y.Doc) => void): Promise<boolean> {
  const raw = openRaw(b.server.wsUrl, b.reviewId, token);
  await raw.opened;
  const replica = await fetchServerDoc(raw.ws);
  const before = await storedDoc(b.server, b.reviewId);
  const relayedBefore = relayed(b.bystander);
  const updates: Uint8Array[] = [];
  replica.on('update', (u: Uint8Array) => updates.push(u));
  replica.transact(() => change(replica));
  raw.ws.send(syncUpdateFrame(Y.mergeUpdates(updates)));
  // A write is judged in the room's queue, a microtask after its frame; a sync step 1 in the same
  // read may be answered first. The second answer is built after the write was handled.
  await requestStep2(raw.ws);
  const served = new Y.Doc();
  Y.applyUpdate(served, await requestStep2(raw.ws));
  const stored = !covers(before, served);
  if (stored) {
    await waitFor(async () => covers(await storedDoc(b.server, b.reviewId), served), 'the accepted edit is stored');
    await waitFor(() => covers(b.seen, served), 'the accepted edit reaches the bystander');
  } else {
    await requestStep2(b.bystander.ws);
    expect(relayed(b.bystander), 'a refused edit reaches nobody').toBe(relayedBefore);
  }
  expect(analysis(await storedDoc(b.server, b.reviewId)), 'the analysis stays as it was').toEqual(analysis(before));
  expect(analysis(served), 'the analysis stays as it was, live').toEqual(analysis(before));
  // Dropped, not an error: the socket stays open, as a viewer's does.
  expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  raw.ws.close();
  await raw.closed;
  return stored;
}

/** Whether `doc` holds everything `source` holds. */
function covers(doc: Y.Doc, source: Y.Doc): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  return [...Y.decodeStateVector(Y.encodeStateVector(source))].every(
    ([client, clock]) => (have.get(client) ?? 0) >= clock,
  );
}

const actionMap = (doc: Y.Doc, id: string) =>
  doc
    .getArray('actions')
    .toArray()
    .find((entry) => entry instanceof Y.Map && entry.get('id') === id) as Y.Map<unknown>;

/** Every way to write outside the four fields, as a forged client would. */
function forgeries(b: Board): Array<[string, (doc: Y.Doc) => void]> {
  return [
    ['the review title', (doc) => setTitle(doc, 'Renamed')],
    ['a finding', (doc) => updateFinding(doc, b.findingId, { text: 'Rewritten' })],
    ['a new finding', (doc) => addFinding(doc, { category: 'lucky', text: 'Sneaked in' })],
    ['the action title', (doc) => actionTitleText(doc, b.actionId)!.insert(0, 'Maybe ')],
    ['the action priority', (doc) => updateAction(doc, b.actionId, { priority: 'P1' })],
    ['a new action', (doc) => addAction(doc, { title: 'Sneaked in' })],
    ['an action link', (doc) => linkActionToFinding(doc, b.actionId, b.otherFindingId)],
    ['an invalid status', (doc) => actionMap(doc, b.actionId).set('status', 'finished')],
    [
      'an allowed field with a forbidden one',
      (doc) => {
        updateAction(doc, b.actionId, { status: 'done' });
        setTitle(doc, 'Renamed');
      },
    ],
  ];
}

describe('follow-up links at the wire', () => {
  it('change only the follow-through fields of existing actions, before and after closing', async () => {
    const b = await board();
    for (const [what, change] of forgeries(b)) {
      expect(await send(b, b.tokens.followUp, change), `follow-up: ${what}`).toBe(false);
    }
    expect(
      await send(b, b.tokens.followUp, (doc) =>
        updateAction(doc, b.actionId, { status: 'in-progress', owner: 'Ana', due: '2027-01-15', progress: 'Drafted' }),
      ),
    ).toBe(true);
    expect(listActions(await storedDoc(b.server, b.reviewId))[0]).toMatchObject({
      status: 'in-progress',
      owner: 'Ana',
      due: '2027-01-15',
      progress: 'Drafted',
      title: 'Alert on queue depth',
    });

    await callApi(b.server, { id: b.reviewId } as never, 'POST', '/close', b.tokens.facilitator, { closedBy: 'Priya' });
    await waitFor(() => reviewSnapshot(b.seen).control.status === 'closed', 'the bystander sees the review closed');
    expect(await send(b, b.tokens.followUp, (doc) => updateAction(doc, b.actionId, { progress: 'Merged' }))).toBe(true);
    for (const [what, change] of forgeries(b)) {
      expect(await send(b, b.tokens.facilitator, change), `closed, facilitator: ${what}`).toBe(false);
    }
    expect(await send(b, b.tokens.facilitator, (doc) => updateAction(doc, b.actionId, { status: 'done' }))).toBe(true);
    expect(
      await send(b, b.tokens.edit, (doc) => updateAction(doc, b.actionId, { status: 'wont-do' })),
      'closed, editor: status',
    ).toBe(false);
    expect(listActions(await storedDoc(b.server, b.reviewId))[0]).toMatchObject({ status: 'done', progress: 'Merged' });
    b.bystander.ws.close();
  });
});
