/**
 * Issue 10: a locked ranking could still change. While voting is open, closed or locked the
 * root-cause candidates are frozen at the wire: an update that promotes or demotes one, or makes one
 * disappear with its finding or group, closes the sender's socket (1007) and is stored and relayed
 * nowhere, whether it comes from the stock y-websocket client or is forged by hand. Edits that leave
 * the candidates alone still land. Resetting voting to `not-started` unfreezes them.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAction,
  addFinding,
  addFindingToGroup,
  linkActionToRootCause,
  listActions,
  updateRootCause,
  addGroup,
  demoteRootCause,
  findingText,
  listRootCauses,
  moveFinding,
  promoteToRootCause,
  readControl,
  readMeta,
  removeFinding,
  removeGroup,
  setTitle,
  shownRootCauseIds,
  type RootCauseTarget,
} from '@hindsight/review';
import { connectClient, openRaw, waitFor, type RawSocket, type SyncClient } from '../support/clients';
import { storedState } from '../support/db';
import { captureUpdates, fetchServerDoc, syncStep2Frame, syncUpdateFrame } from '../support/frames';
import { forgeUpdate } from '../support/forge';
import { readFresh } from '../support/model';
import { createReview, startServer, stopAllServers, type CreatedReview, type TestServer } from '../support/server';

const open: SyncClient[] = [];
const raws: RawSocket[] = [];
afterEach(() => {
  for (const client of open.splice(0)) client.destroy();
  for (const raw of raws.splice(0)) raw.ws.terminate();
});
afterAll(stopAllServers);

async function api(url: string, method: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

function connect(server: TestServer, review: CreatedReview, token: string): SyncClient {
  const client = connectClient(server.wsUrl, review.id, token);
  open.push(client);
  return client;
}

interface Board {
  server: TestServer;
  review: CreatedReview;
  /** The editor who built the board, and a viewer who only watches. */
  author: SyncClient;
  viewer: SyncClient;
  targets: { first: RootCauseTarget; second: RootCauseTarget; group: RootCauseTarget; plain: string };
  /** Candidate ids shown at the start, sorted. */
  candidates: string[];
  control(patch: object): Promise<{ status: number; body: any }>;
}

/** Three candidates (two findings, one group of two findings) and one finding that is none. */
async function board(): Promise<Board> {
  const server = await startServer();
  const review = await createReview(server.url, 'Frozen candidates');
  const author = connect(server, review, review.tokens.edit);
  const viewer = connect(server, review, review.tokens.view);
  await Promise.all([author.synced, viewer.synced]);
  const doc = author.doc;
  const finding = (text: string) => addFinding(doc, { category: 'contributing-factor', text });
  const first: RootCauseTarget = { kind: 'finding', id: finding('Config push skipped review') };
  const second: RootCauseTarget = { kind: 'finding', id: finding('No alert on pool exhaustion') };
  const group: RootCauseTarget = {
    kind: 'group',
    id: addGroup(doc, 'Rota', [finding('Rota stale'), finding('Pager off')]),
  };
  const plain = finding('Dashboards were slow');
  for (const target of [first, second, group]) promoteToRootCause(doc, target);
  const candidates = shownRootCauseIds(doc);
  expect(candidates).toHaveLength(3);
  await waitFor(() => shownRootCauseIds(viewer.doc).join() === candidates.join(), 'the candidates everywhere');
  const base = `${server.url}/api/reviews/${review.id}`;
  return {
    server,
    review,
    author,
    viewer,
    targets: { first, second, group, plain },
    candidates,
    control: (patch) => api(`${base}/control`, 'PATCH', review.tokens.facilitator, patch),
  };
}

/** Whether the viewer shows other candidates than at the start. */
const candidatesChanged = (b: Board) => () => shownRootCauseIds(b.viewer.doc).join() !== b.candidates.join();

/**
 * A stock y-websocket client of an editor makes `change` once synced; resolves with the close code
 * of its socket, or null once `landed` holds on the viewer (by default: its candidates changed).
 */
async function editAs(
  b: Board,
  change: (doc: Y.Doc) => void,
  landed: (viewer: Y.Doc) => boolean = candidatesChanged(b),
): Promise<number | null> {
  const client = connect(b.server, b.review, b.review.tokens.edit);
  await client.synced;
  let closedWith: number | null = null;
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event && closedWith === null) closedWith = event.code;
  });
  change(client.doc);
  await waitFor(() => closedWith !== null || landed(b.viewer.doc), 'a refusal or the edit on the viewer');
  client.destroy();
  return closedWith;
}

/** The close code of a raw socket, or null as soon as the viewer's candidates change. */
async function closeOrChange(raw: RawSocket, b: Board): Promise<number | null> {
  let code: number | null = null;
  void raw.closed.then((closed) => (code = closed.code));
  await waitFor(() => code !== null || candidatesChanged(b)(), 'a refusal or the change on the viewer');
  return code;
}

/** Proves that everything sent before is handled: an edit by the author reaches the viewer. */
async function markerArrives(b: Board, title: string): Promise<void> {
  setTitle(b.author.doc, title);
  await waitFor(() => readMeta(b.viewer.doc).title === title, `the marker edit "${title}"`);
}

describe('frozen root-cause candidates at the wire', () => {
  it('while voting is open, a stock client cannot demote, promote or delete a candidate; other edits land', async () => {
    const b = await board();
    expect((await b.control({ voting: 'open' })).status).toBe(200);
    await waitFor(() => readControl(b.author.doc).voting === 'open', 'the open vote on the author');
    const participant = (
      await api(`${b.server.url}/api/reviews/${b.review.id}/participants`, 'POST', b.review.tokens.edit)
    ).body.participantToken as string;
    const firstId = b.candidates.find((id) => id.endsWith(b.targets.first.id))!;
    const vote = await api(`${b.server.url}/api/reviews/${b.review.id}/votes`, 'POST', participant, {
      candidateId: firstId,
      delta: 1,
    });
    expect(vote.status).toBe(200);
    const storedBefore = (await storedState(b.server.dataDir, b.review.id)).updates.length;

    const { first, second, group, plain } = b.targets;
    const refusals = {
      demote: await editAs(b, (doc) => demoteRootCause(doc, first)),
      promote: await editAs(b, (doc) => promoteToRootCause(doc, { kind: 'finding', id: plain })),
      'delete its finding': await editAs(b, (doc) => removeFinding(doc, second.id)),
      'remove its group': await editAs(b, (doc) => removeGroup(doc, group.id)),
    };
    expect(refusals).toEqual({ demote: 1007, promote: 1007, 'delete its finding': 1007, 'remove its group': 1007 });
    await markerArrives(b, 'After the refusals');
    expect(shownRootCauseIds(b.viewer.doc)).toEqual(b.candidates);
    expect(shownRootCauseIds(b.author.doc)).toEqual(b.candidates);
    // Nothing of the refused updates was stored: only the marker.
    expect((await storedState(b.server.dataDir, b.review.id)).updates.length).toBe(storedBefore + 1);

    // Edits that leave the candidates alone still land: reword, move and regroup a candidate,
    // delete a finding that is none.
    const moved = await editAs(
      b,
      (doc) => {
        findingText(doc, first.id)!.insert(0, 'Edited: ');
        moveFinding(doc, second.id, 'went-wrong');
        addFindingToGroup(doc, first.id, group.id);
        removeFinding(doc, plain);
      },
      (viewer) => viewer.getArray('findings').length === 4,
    );
    expect(moved).toBeNull();
    await waitFor(() => findingText(b.viewer.doc, first.id)?.toString().startsWith('Edited: ') === true, 'the reword');
    expect(shownRootCauseIds(b.viewer.doc)).toEqual(b.candidates);
    const fresh = await readFresh(b.server.wsUrl, b.review.id, b.review.tokens.view);
    expect(shownRootCauseIds(fresh)).toEqual(b.candidates);

    // Traceability leaves the candidate set alone too: an accepted risk, a weakness, an action linked.
    const annotated = await editAs(
      b,
      (doc) => {
        updateRootCause(doc, firstId, { acceptedRisk: 'Vendor fix due next quarter', weakness: 'dependencies' });
        linkActionToRootCause(doc, addAction(doc, { title: 'Track the vendor fix' }), firstId);
      },
      (viewer) => listActions(viewer)[0]?.rootCauseIds[0] === firstId,
    );
    expect(annotated).toBeNull();
    const annotatedCause = listRootCauses(b.viewer.doc).find((candidate) => candidate.id === firstId);
    expect(annotatedCause).toMatchObject({ acceptedRisk: 'Vendor fix due next quarter', weakness: 'dependencies' });
    expect(shownRootCauseIds(b.viewer.doc)).toEqual(b.candidates);
  });

  it('after the lock, a hand-forged demote (update or sync step 2) changes nothing, also after a restart', async () => {
    const b = await board();
    await b.control({ voting: 'open' });
    const base = `${b.server.url}/api/reviews/${b.review.id}`;
    const participant = (await api(`${base}/participants`, 'POST', b.review.tokens.edit)).body.participantToken;
    for (const id of [b.candidates[0]!, b.candidates[0]!, b.candidates[1]!]) {
      expect((await api(`${base}/votes`, 'POST', participant, { candidateId: id, delta: 1 })).status).toBe(200);
    }
    expect((await b.control({ voting: 'locked' })).status).toBe(200);
    const tallies = { [b.candidates[0]!]: 2, [b.candidates[1]!]: 1 };
    await waitFor(() => JSON.stringify(readControl(b.viewer.doc).tallies) === JSON.stringify(tallies), 'the ranking');

    // The attacker reads the server's document, then deletes a candidate's entry by hand: the
    // delete range of the Y.Map that holds it, with no struct at all.
    const forgedDemote = async (send: (update: Uint8Array) => Uint8Array) => {
      const raw = openRaw(b.server.wsUrl, b.review.id, b.review.tokens.edit);
      raws.push(raw);
      await raw.opened;
      const serverDoc = await fetchServerDoc(raw.ws);
      const entry = serverDoc.getArray('rootCauses').get(0) as Y.Map<unknown>;
      expect(entry.get('id')).toBe(listRootCauses(serverDoc)[0]!.id);
      const { client, clock } = entry._item!.id;
      raw.ws.send(send(forgeUpdate([], [{ client, clock, len: 1 }])));
      return closeOrChange(raw, b);
    };
    expect(await forgedDemote(syncUpdateFrame)).toBe(1007);
    expect(await forgedDemote(syncStep2Frame)).toBe(1007);

    // The same demote, and deleting the other candidate's finding, made by Yjs on a replica.
    const raw = openRaw(b.server.wsUrl, b.review.id, b.review.tokens.edit);
    raws.push(raw);
    await raw.opened;
    const replica = await fetchServerDoc(raw.ws);
    const [update] = captureUpdates(replica, () => {
      demoteRootCause(replica, b.targets.first);
      removeFinding(replica, b.targets.second.id);
    });
    raw.ws.send(syncUpdateFrame(update!));
    expect(await closeOrChange(raw, b)).toBe(1007);

    await markerArrives(b, 'After the forged demotes');
    expect(shownRootCauseIds(b.viewer.doc)).toEqual(b.candidates);
    expect(readControl(b.viewer.doc).tallies).toEqual(tallies);

    expect(await b.server.stop()).toBe(0);
    const restarted = await startServer({ dataDir: b.server.dataDir });
    const fresh = await readFresh(restarted.wsUrl, b.review.id, b.review.tokens.view);
    expect(readMeta(fresh).title).toBe('After the forged demotes');
    expect(shownRootCauseIds(fresh)).toEqual(b.candidates);
    expect(readControl(fresh)).toMatchObject({ voting: 'locked', tallies });
  });

  it('resetting voting to not-started unfreezes the candidates', async () => {
    const b = await board();
    await b.control({ voting: 'open' });
    await waitFor(() => readControl(b.viewer.doc).voting === 'open', 'the open vote');
    expect(await editAs(b, (doc) => demoteRootCause(doc, b.targets.first))).toBe(1007);

    expect((await b.control({ voting: 'not-started' })).status).toBe(200);
    await waitFor(() => readControl(b.viewer.doc).voting === 'not-started', 'the reset');
    const without = b.candidates.filter((id) => !id.endsWith(b.targets.first.id));
    const demoted = await editAs(
      b,
      (doc) => demoteRootCause(doc, b.targets.first),
      (viewer) => shownRootCauseIds(viewer).join() === without.join(),
    );
    expect(demoted).toBeNull();
    const promoted = await editAs(
      b,
      (doc) => promoteToRootCause(doc, { kind: 'finding', id: b.targets.plain }),
      (viewer) => shownRootCauseIds(viewer).length === 3,
    );
    expect(promoted).toBeNull();
    expect(shownRootCauseIds(b.viewer.doc)).toContain(`finding:${b.targets.plain}`);
  });
});
