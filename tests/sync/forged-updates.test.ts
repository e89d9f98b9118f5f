/**
 * Issue 9 over the wire: updates an editor forges by hand against one real server. An editor's raw
 * socket first fetches the server's document, so it knows the real ids of what the server wrote,
 * then sends the forged update. Refused shapes close that socket with 1007, store nothing and reach
 * nobody: a stock client (the facilitator's, the "bystander") is unchanged, a later legitimate edit
 * from another editor still reaches it (so the forged one would have arrived before it), and a
 * client that joins afterwards reads the true values. Shapes that are valid (a redundant resend, a
 * legitimate overlap, a 90,000-struct chain, nesting up to the limit, an update waiting for its
 * dependency) are accepted and relayed.
 *
 * The attacker writes under fixed Yjs client ids, ATTACKER and ATTACKER_B below (the server and the
 * stock clients use random 32-bit ids; a clash is negligible).
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, MAX_NESTING_DEPTH } from '@hindsight/protocol';
import {
  EVENT_REF_ATTR,
  EVENT_REF_NODE,
  listFindings,
  narrativeFragment,
  readControl,
  reviewSnapshot,
  type ReviewSnapshot,
} from '@hindsight/review';
import { connectClient, openRaw, waitFor, type RawSocket, type SyncClient } from '../support/clients';
import { storedState, type StoredState } from '../support/db';
import {
  captureUpdates,
  decodeFrame,
  fetchServerDoc,
  requestStep2,
  syncStep2Frame,
  syncUpdateFrame,
} from '../support/frames';
import {
  content,
  copyOfStruct,
  forgeMapOverride,
  forgeUpdate,
  item,
  mapEntryItem,
  type ForgedItem,
  type ForgedSection,
} from '../support/forge';
import { createReview, startServer, stopAllServers, type CreatedReview, type TestServer } from '../support/server';

/** The attacker's Yjs client ids (fixed, so a forged update can name them). */
const ATTACKER = 0x7fff0001;
const ATTACKER_B = 0x7fff0002;

let server: TestServer;
const open: SyncClient[] = [];
const rawSockets: RawSocket[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  for (const client of open.splice(0)) client.destroy();
  for (const raw of rawSockets.splice(0)) raw.ws.terminate();
});
afterAll(stopAllServers);

// ---- A review with its stock clients, and the facilitator's API ----

interface Room {
  review: CreatedReview;
  /** The facilitator's stock client: every refused update must leave it unchanged. */
  bystander: SyncClient;
  /** Another editor's stock client, whose legitimate edits serve as barriers. */
  editor: SyncClient;
}

function connect(reviewId: string, token: string): SyncClient {
  const client = connectClient(server.wsUrl, reviewId, token);
  open.push(client);
  return client;
}

async function newRoom(title: string): Promise<Room> {
  const review = await createReview(server.url, title);
  const room = {
    review,
    bystander: connect(review.id, review.tokens.facilitator),
    editor: connect(review.id, review.tokens.edit),
  };
  await Promise.all([room.bystander.synced, room.editor.synced]);
  return room;
}

/** A REST call that must succeed; resolves with its JSON body. */
async function call(room: Room, method: string, path: string, token: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.url}/api/reviews/${room.review.id}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  expect(res.ok, `${method} ${path}: ${res.status} ${text}`).toBe(true);
  return JSON.parse(text);
}

/** A facilitator call that answers with the controls; resolves once the bystander shows them. */
async function changeControls(room: Room, method: string, path: string, body?: unknown): Promise<void> {
  const { control } = await call(room, method, path, room.review.tokens.facilitator, body);
  await expect.poll(() => readControl(room.bystander.doc)).toEqual(control);
}

/** Publishes one anonymous finding (posted, then revealed); resolves with its id once the bystander has it. */
async function publishAnonymousFinding(room: Room, text: string): Promise<string> {
  await changeControls(room, 'PATCH', '/control', { anonymity: 'anonymous' });
  const { participantToken } = await call(room, 'POST', '/participants', room.review.tokens.edit);
  const { id } = await call(room, 'POST', '/anonymous-findings', participantToken, {
    category: 'went-wrong',
    text,
    secret: randomBytes(32).toString('base64url'),
  });
  await call(room, 'POST', '/anonymous-findings/reveal', room.review.tokens.facilitator);
  await expect.poll(() => listFindings(room.bystander.doc).some((f) => f.id === id && f.text === text)).toBe(true);
  return id;
}

// ---- Reading the server's document as the attacker has it ----

/** An editor's raw socket, with the server's whole document fetched through it. */
async function openAttacker(room: Room): Promise<{ raw: RawSocket; serverDoc: Y.Doc }> {
  const raw = openRaw(server.wsUrl, room.review.id, room.review.tokens.edit);
  rawSockets.push(raw);
  await raw.opened;
  return { raw, serverDoc: await fetchServerDoc(raw.ws) };
}

/** The Y.Text holding an anonymous finding's words, in the server-owned `anonymous` root. */
function anonymousWords(doc: Y.Doc, findingId: string): Y.Text {
  const findingContent = doc.getMap('anonymous').get(findingId) as Y.Map<unknown>;
  return findingContent.get('text') as Y.Text;
}

/** The items of a text holding visible characters, first to last. */
function textItems(text: Y.Text): Y.Item[] {
  const items: Y.Item[] = [];
  for (let at = text._start; at !== null; at = at.right) if (!at.deleted && at.countable) items.push(at);
  return items;
}

/**
 * Issue 9's shape against any server-owned item: a copy of the struct holding `target` (an id the
 * document already has) re-parented to the shared root `timeline`, and a new item from ATTACKER
 * carrying `carried` whose origin is `target` (or, with `side: 'right'`, whose right origin is
 * `target` and which has no origin, so Yjs takes its parent from the right item).
 */
function forgeNextTo(
  doc: Y.Doc,
  target: Y.ID,
  carried: ForgedItem['content'],
  side: 'origin' | 'right' = 'origin',
): Uint8Array {
  const decoy = copyOfStruct(doc, target);
  decoy.section.structs = [item({ parent: 'timeline', content: (decoy.struct as ForgedItem).content })];
  const placed = side === 'origin' ? { origin: target } : { rightOrigin: target };
  const attack: ForgedSection = {
    client: ATTACKER,
    clock: Y.getState(doc.store, ATTACKER),
    structs: [item({ ...placed, content: carried })],
  };
  return forgeUpdate([decoy.section, attack]);
}

// ---- What a refusal must leave behind ----

const stateVector = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

/** The state vector of `doc` without `client` (the barrier writer). */
function stateVectorWithout(doc: Y.Doc, client: number): Map<number, number> {
  const vector = stateVector(doc);
  vector.delete(client);
  return vector;
}

/**
 * What happened to a frame the attacker sent: its socket's close code, 'relayed' if the server sent
 * any update to the bystander first, or 'neither' if nothing happened within `timeoutMs` (held).
 */
async function outcomeOf(raw: RawSocket, room: Room, frame: Uint8Array, timeoutMs = 10_000) {
  const bystanderSocket = room.bystander.provider.ws as unknown as WebSocket;
  let onMessage!: (data: Buffer) => void;
  const relayed = new Promise<'relayed'>((resolve) => {
    onMessage = (data) => {
      if (decodeFrame(new Uint8Array(data)).kind === 'update') resolve('relayed');
    };
    bystanderSocket.on('message', onMessage);
  });
  let timer: NodeJS.Timeout | undefined;
  const nothing = new Promise<'neither'>((resolve) => (timer = setTimeout(() => resolve('neither'), timeoutMs)));
  raw.ws.send(frame);
  try {
    return await Promise.race([raw.closed.then((c) => c.code), relayed, nothing]);
  } finally {
    clearTimeout(timer);
    bystanderSocket.off('message', onMessage);
  }
}

/** A legitimate edit of the other editor; resolves with its update once the bystander has it. */
async function barrierEdit(room: Room): Promise<Uint8Array> {
  const marker = `barrier ${randomBytes(4).toString('hex')} `;
  const [update] = captureUpdates(room.editor.doc, () => room.editor.doc.getText('barrier').insert(0, marker));
  await waitFor(() => room.bystander.doc.getText('barrier').toString().includes(marker), 'the barrier edit');
  return update!;
}

/**
 * Sends `frame` from the attacker's raw socket and proves it was refused: closed with 1007, nothing
 * stored, the bystander unchanged up to a later legitimate edit, and a fresh client reading the same.
 * Resolves with the fresh client, for checks of the true values.
 */
async function expectRefused(room: Room, raw: RawSocket, frame: Uint8Array): Promise<SyncClient> {
  const { bystander, editor, review } = room;
  const before: { stored: StoredState; vector: Map<number, number>; snapshot: ReviewSnapshot } = {
    stored: await storedState(server.dataDir, review.id),
    vector: stateVectorWithout(bystander.doc, editor.doc.clientID),
    snapshot: reviewSnapshot(bystander.doc),
  };
  expect(await outcomeOf(raw, room, frame)).toBe(CloseCode.InvalidPayload);
  expect(await storedState(server.dataDir, review.id)).toEqual(before.stored);

  // The server handled the forged frame before it closed the socket: a later edit arrives after it.
  const barrier = await barrierEdit(room);
  expect(stateVectorWithout(bystander.doc, editor.doc.clientID)).toEqual(before.vector);
  expect(reviewSnapshot(bystander.doc)).toEqual(before.snapshot);
  const after = await storedState(server.dataDir, review.id);
  expect(after.updates).toEqual([...before.stored.updates, barrier]);
  expect(after.snapshot).toEqual(before.stored.snapshot);

  const fresh = connect(review.id, review.tokens.view);
  await fresh.synced;
  await waitFor(
    () => fresh.doc.getText('barrier').toString() === editor.doc.getText('barrier').toString(),
    'the barrier at a fresh client',
  );
  expect(stateVector(fresh.doc)).toEqual(stateVector(bystander.doc));
  expect(reviewSnapshot(fresh.doc)).toEqual(before.snapshot);
  return fresh;
}

/** A legitimate update from a throwaway client, sent on `raw`; resolves once the bystander has it. */
async function sendLegitEdit(raw: RawSocket, room: Room): Promise<Uint8Array> {
  const doc = new Y.Doc();
  const marker = `legit ${randomBytes(4).toString('hex')} `;
  const [update] = captureUpdates(doc, () => doc.getText('barrier').insert(0, marker));
  let closedWith: number | null = null;
  void raw.closed.then(({ code }) => (closedWith = code));
  raw.ws.send(syncUpdateFrame(update!));
  await waitFor(() => {
    if (closedWith !== null) throw new Error(`the attacker socket was closed (${closedWith})`);
    return room.bystander.doc.getText('barrier').toString().includes(marker);
  }, 'the legit edit');
  return update!;
}

/** Types `typed` at the end of `doc`'s `scratch` text, sends it live on `raw`; resolves once the bystander has it. */
async function typeLive(raw: RawSocket, room: Room, doc: Y.Doc, typed: string): Promise<Uint8Array> {
  const text = doc.getText('scratch');
  const [update] = captureUpdates(doc, () => text.insert(text.length, typed));
  raw.ws.send(syncUpdateFrame(update!));
  await waitFor(() => room.bystander.doc.getText('scratch').toString() === text.toString(), 'the live update');
  return update!;
}

/** Proves `raw` is still open: the server answers a sync step 1 on it (a close sent earlier would come first). */
async function expectStillOpen(raw: RawSocket): Promise<void> {
  expect(raw.ws.readyState, 'the attacker socket is closed').toBe(WebSocket.OPEN);
  await requestStep2(raw.ws);
}

/** Sends `frame` on `raw` and proves it was taken as a no-op: the socket stays open and nothing is stored. */
async function expectAcceptedStoringNothing(room: Room, raw: RawSocket, frame: Uint8Array): Promise<void> {
  const before = await storedState(server.dataDir, room.review.id);
  raw.ws.send(frame);
  // Same socket, in order: once the next edit reaches the bystander, the frame was handled.
  const legit = await sendLegitEdit(raw, room);
  await expectStillOpen(raw);
  expect((await storedState(server.dataDir, room.review.id)).updates).toEqual([...before.updates, legit]);
}

// ---- The forged-control shape (issue 9) against every server-owned value ----

interface OverrideCase {
  name: string;
  /** Brings the review where the attack makes sense; returns how to forge and what must stay true. */
  arrange(room: Room): Promise<{ forge(serverDoc: Y.Doc): Uint8Array; truth(doc: Y.Doc): void }>;
  asStep2?: true;
}

/** Voting opened, then locked by the facilitator: the forged update would reopen it. */
const reopenLockedVote: OverrideCase['arrange'] = async (room) => {
  await changeControls(room, 'PATCH', '/control', { voting: 'open' });
  await changeControls(room, 'PATCH', '/control', { voting: 'locked' });
  return {
    forge: (doc) => forgeMapOverride(doc, doc.getMap('control'), 'voting', 'open', ATTACKER),
    truth: (doc) => expect(readControl(doc).voting).toBe('locked'),
  };
};

const overrideCases: OverrideCase[] = [
  { name: 'control.voting (locked, forged back to open)', arrange: reopenLockedVote },
  { name: 'control.voting, sent as sync step 2', arrange: reopenLockedVote, asStep2: true },
  {
    name: 'control.tallies (revealed, forged counts)',
    async arrange(room) {
      await changeControls(room, 'PATCH', '/control', { votesRevealed: true });
      const tallies = readControl(room.bystander.doc).tallies;
      expect(tallies).not.toBeNull();
      return {
        forge: (doc) => forgeMapOverride(doc, doc.getMap('control'), 'tallies', { 'finding:forged': 99 }, ATTACKER),
        truth: (doc) => expect(readControl(doc).tallies).toEqual(tallies),
      };
    },
  },
  {
    name: 'control.status (live, forged to closed)',
    async arrange(room) {
      // Closing and reopening writes `status: 'live'`, so the key has a struct to copy.
      await changeControls(room, 'POST', '/close', { closedBy: 'Facilitator' });
      await changeControls(room, 'POST', '/reopen');
      return {
        forge: (doc) => forgeMapOverride(doc, doc.getMap('control'), 'status', 'closed', ATTACKER),
        truth: (doc) => expect(readControl(doc).status).toBe('live'),
      };
    },
  },
  {
    name: "an anonymous finding's words (forged words after its last character)",
    async arrange(room) {
      const words = 'The cache hid the outage';
      const id = await publishAnonymousFinding(room, words);
      return {
        forge: (doc) =>
          forgeNextTo(doc, textItems(anonymousWords(doc, id)).at(-1)!.lastId, content.string(' (FORGED)')),
        truth: (doc) => expect(anonymousWords(doc, id).toString()).toBe(words),
      };
    },
  },
];

describe('forged updates (issue 9)', () => {
  for (const { name, arrange, asStep2 } of overrideCases) {
    it(`a copy of a known struct re-parented to a shared root cannot carry a new value into ${name}`, async () => {
      const room = await newRoom('Forged control');
      const { forge, truth } = await arrange(room);
      const { raw, serverDoc } = await openAttacker(room);
      const forged = forge(serverDoc);
      const fresh = await expectRefused(room, raw, asStep2 ? syncStep2Frame(forged) : syncUpdateFrame(forged));
      truth(room.bystander.doc);
      truth(fresh.doc);
    });
  }

  it('a new item whose right origin is a server-owned item (and no origin) is refused', async () => {
    const room = await newRoom('Right origin');
    const words = 'Paging reached nobody';
    const id = await publishAnonymousFinding(room, words);
    await changeControls(room, 'PATCH', '/control', { voting: 'open' });
    await changeControls(room, 'PATCH', '/control', { voting: 'locked' });
    const targets = [
      { at: (doc: Y.Doc) => textItems(anonymousWords(doc, id))[0]!.id, carried: () => content.string('FORGED ') },
      { at: (doc: Y.Doc) => mapEntryItem(doc.getMap('control'), 'voting').id, carried: () => content.any('open') },
    ];
    for (const { at, carried } of targets) {
      const { raw, serverDoc } = await openAttacker(room);
      const forged = forgeNextTo(serverDoc, at(serverDoc), carried(), 'right');
      const fresh = await expectRefused(room, raw, syncUpdateFrame(forged));
      for (const doc of [room.bystander.doc, fresh.doc]) {
        expect(anonymousWords(doc, id).toString()).toBe(words);
        expect(readControl(doc).voting).toBe('locked');
      }
    }
  });

  it('a delete set reaching a live item of the controls is refused', async () => {
    const room = await newRoom('Delete control');
    await changeControls(room, 'PATCH', '/control', { voting: 'open' });
    const { raw, serverDoc } = await openAttacker(room);
    const voting = mapEntryItem(serverDoc.getMap('control'), 'voting');
    const forged = forgeUpdate([], [{ client: voting.id.client, clock: voting.id.clock, len: voting.length }]);
    const fresh = await expectRefused(room, raw, syncUpdateFrame(forged));
    expect(readControl(fresh.doc).voting).toBe('open');
  });

  it("an item whose parent is a server-owned nested type (an anonymous finding's map or text) is refused", async () => {
    const room = await newRoom('Nested parent');
    const words = 'Alert went to an old rota';
    const id = await publishAnonymousFinding(room, words);
    /** Plain, and with a re-parented copy of the parent's own struct beside it (the decoy). */
    const attacks = (doc: Y.Doc): Uint8Array[] => {
      const findingMap = doc.getMap('anonymous').get(id) as Y.Map<unknown>;
      const parents = [
        { parent: findingMap._item!.id, parentSub: 'category', content: content.any('lucky') },
        { parent: anonymousWords(doc, id)._item!.id, parentSub: null, content: content.string('FORGED ') },
      ];
      return parents.flatMap((fields) => {
        const attack = { client: ATTACKER, clock: Y.getState(doc.store, ATTACKER), structs: [item(fields)] };
        const decoy = copyOfStruct(doc, fields.parent);
        decoy.section.structs = [item({ parent: 'timeline', content: (decoy.struct as ForgedItem).content })];
        return [forgeUpdate([attack]), forgeUpdate([decoy.section, attack])];
      });
    };
    const before = listFindings(room.bystander.doc).find((f) => f.id === id);
    expect(before).toMatchObject({ text: words, category: 'went-wrong' });
    for (let index = 0; index < 4; index++) {
      const { raw, serverDoc } = await openAttacker(room);
      const fresh = await expectRefused(room, raw, syncUpdateFrame(attacks(serverDoc)[index]!));
      expect(listFindings(fresh.doc).find((f) => f.id === id)).toEqual(before);
    }
  });

  it('two sections for the same client in one update are refused and nothing is stored', async () => {
    const room = await newRoom('Two sections');
    const { raw } = await openAttacker(room);
    const forged = forgeUpdate([
      { client: ATTACKER, clock: 0, structs: [item({ parent: 'scratch', content: content.string('abc') })] },
      { client: ATTACKER, clock: 0, structs: [item({ parent: 'elsewhere', content: content.string('XYZ') })] },
    ]);
    const fresh = await expectRefused(room, raw, syncUpdateFrame(forged));
    expect(fresh.doc.getText('scratch').toString()).toBe('');
    expect(fresh.doc.getText('elsewhere').toString()).toBe('');
  });

  it('a reference cycle between two new clients is refused, and the server keeps working', async () => {
    const room = await newRoom('Cycle');
    const { raw } = await openAttacker(room);
    const forged = forgeUpdate([
      {
        client: ATTACKER,
        clock: 0,
        structs: [item({ origin: Y.createID(ATTACKER_B, 0), content: content.string('a') })],
      },
      {
        client: ATTACKER_B,
        clock: 0,
        structs: [item({ origin: Y.createID(ATTACKER, 0), content: content.string('b') })],
      },
    ]);
    // expectRefused ends with a legitimate edit propagating and a fresh client syncing.
    const fresh = await expectRefused(room, raw, syncUpdateFrame(forged));
    expect(fresh.doc.store.pendingStructs).toBeNull();
    expect(room.bystander.doc.store.pendingStructs).toBeNull();
  });

  it('an item whose origin is a later clock of its own client in the same update is refused before it is stored', async () => {
    const room = await newRoom('Forward reference');
    const { raw } = await openAttacker(room);
    const forged = forgeUpdate([
      {
        client: ATTACKER,
        clock: 0,
        structs: [
          item({ origin: Y.createID(ATTACKER, 1), content: content.string('a') }),
          item({ parent: 'scratch', content: content.string('b') }),
        ],
      },
    ]);
    const fresh = await expectRefused(room, raw, syncUpdateFrame(forged));
    expect(fresh.doc.getText('scratch').toString()).toBe('');
  });

  it('a struct overlapping clocks the server has, with a control item as origin, is refused', async () => {
    const room = await newRoom('Overlap');
    await changeControls(room, 'PATCH', '/control', { voting: 'open' });
    await changeControls(room, 'PATCH', '/control', { voting: 'locked' });
    const { raw, serverDoc } = await openAttacker(room);
    // First a legitimate 3-character insert of client ATTACKER, accepted.
    const typist = new Y.Doc();
    typist.clientID = ATTACKER;
    await typeLive(raw, room, typist, 'abc');
    // Then clocks 0..5 again, from a control item: Yjs would skip 0..2 and set control.voting to the rest.
    const voting = mapEntryItem(serverDoc.getMap('control'), 'voting');
    const forged = forgeUpdate([
      {
        client: ATTACKER,
        clock: 0,
        structs: [item({ origin: voting.lastId, content: content.any('a', 'b', 'c', 'open', 'open', 'open') })],
      },
    ]);
    const fresh = await expectRefused(room, raw, syncUpdateFrame(forged));
    expect(readControl(fresh.doc).voting).toBe('locked');
    expect(fresh.doc.getText('scratch').toString()).toBe('abc');
  });

  it("a client's legitimate overlap (its live update raced by its sync step 2) is accepted and only the new part stored", async () => {
    const room = await newRoom('Legit overlap');
    const { raw } = await openAttacker(room);
    const client = new Y.Doc();
    await typeLive(raw, room, client, 'abc');
    const before = await storedState(server.dataDir, room.review.id);

    client.getText('scratch').insert(3, 'def');
    raw.ws.send(syncStep2Frame(Y.encodeStateAsUpdate(client)));
    await waitFor(() => room.bystander.doc.getText('scratch').toString() === 'abcdef', 'the step 2 at the bystander');
    await expectStillOpen(raw);
    const after = await storedState(server.dataDir, room.review.id);
    expect(after.updates.slice(0, -1)).toEqual(before.updates);
    expect(after.updates).toHaveLength(before.updates.length + 1);
    const { structs } = Y.decodeUpdate(after.updates.at(-1)!);
    expect(structs.map((s) => [s.id.client, s.id.clock, s.length])).toEqual([[client.clientID, 3, 3]]);
  });

  it('an update re-sent after the server stored it is accepted and stores nothing', async () => {
    const room = await newRoom('Redundant update');
    const [earlier] = captureUpdates(room.editor.doc, () => room.editor.doc.getText('notes').insert(0, 'known'));
    await waitFor(() => room.bystander.doc.getText('notes').toString() === 'known', 'the earlier edit');
    const { raw } = await openAttacker(room);
    await expectAcceptedStoringNothing(room, raw, syncUpdateFrame(earlier!));
    expect(room.bystander.doc.getText('notes').toString()).toBe('known');
  });

  it('the whole document re-sent as sync step 2 (server-owned roots included) is accepted and stores nothing', async () => {
    const room = await newRoom('Redundant document');
    await changeControls(room, 'PATCH', '/control', { voting: 'open' });
    await publishAnonymousFinding(room, 'Known words');
    const { raw, serverDoc } = await openAttacker(room);
    await expectAcceptedStoringNothing(room, raw, syncStep2Frame(Y.encodeStateAsUpdate(serverDoc)));
  });

  it('a 90,000-struct chained frame (typed one character at a time at the start) is accepted whole', async () => {
    const room = await newRoom('Chain');
    const { raw } = await openAttacker(room);
    const count = 90_000;
    const structs = [item({ parent: 'bench', content: content.string('x') })];
    for (let clock = 1; clock < count; clock++) {
      structs.push(item({ rightOrigin: Y.createID(ATTACKER, clock - 1), content: content.string('x') }));
    }
    const chained = forgeUpdate([{ client: ATTACKER, clock: 0, structs }]);
    expect(chained.byteLength).toBeGreaterThan(900 * 1024);
    const before = await storedState(server.dataDir, room.review.id);
    raw.ws.send(syncUpdateFrame(chained));
    await waitFor(() => room.bystander.doc.getText('bench').length === count, 'all 90,000 characters', 60_000);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await storedState(server.dataDir, room.review.id)).updates).toHaveLength(before.updates.length + 1);
  });

  /** `levels` maps nested through parent ids, each under key `k` of the one before, from root `deep`. */
  const nestedMaps = (levels: number) =>
    forgeUpdate([
      {
        client: ATTACKER,
        clock: 0,
        structs: Array.from({ length: levels }, (_, level) =>
          item({
            parent: level === 0 ? 'deep' : Y.createID(ATTACKER, level - 1),
            parentSub: 'k',
            content: content.map(),
          }),
        ),
      },
    ]);
  const depthOf = (doc: Y.Doc) => {
    let depth = 0;
    let map: unknown = doc.getMap('deep').get('k');
    while (map instanceof Y.Map) {
      depth++;
      map = map.get('k');
    }
    return depth;
  };

  it(`nesting deeper than MAX_NESTING_DEPTH (${MAX_NESTING_DEPTH}) through parent ids is refused`, async () => {
    const room = await newRoom('Too deep');
    const { raw } = await openAttacker(room);
    const fresh = await expectRefused(room, raw, syncUpdateFrame(nestedMaps(MAX_NESTING_DEPTH + 1)));
    expect(depthOf(fresh.doc)).toBe(0);
  });

  it(`nesting exactly MAX_NESTING_DEPTH (${MAX_NESTING_DEPTH}) levels is accepted`, async () => {
    const room = await newRoom('Deep enough');
    const { raw } = await openAttacker(room);
    raw.ws.send(syncUpdateFrame(nestedMaps(MAX_NESTING_DEPTH)));
    await waitFor(() => depthOf(room.bystander.doc) === MAX_NESTING_DEPTH, 'the nested maps at the bystander');
    await expectStillOpen(raw);
  });

  it('an update whose dependency is missing is held (socket open, nothing stored) until it arrives, then both land', async () => {
    const room = await newRoom('Held');
    const { raw } = await openAttacker(room);
    const client = new Y.Doc();
    const text = client.getText('scratch');
    const [first] = captureUpdates(client, () => text.insert(0, 'ab'));
    const [second] = captureUpdates(client, () => text.insert(2, 'cd'));
    const before = await storedState(server.dataDir, room.review.id);

    raw.ws.send(syncUpdateFrame(second!));
    // Same socket, in order: once the next edit reaches the bystander, the held one was handled.
    const legit = await sendLegitEdit(raw, room);
    await expectStillOpen(raw);
    expect((await storedState(server.dataDir, room.review.id)).updates).toEqual([...before.updates, legit]);
    expect(room.bystander.doc.getText('scratch').toString()).toBe('');

    raw.ws.send(syncUpdateFrame(first!));
    await waitFor(() => room.bystander.doc.getText('scratch').toString() === 'abcd', 'both updates at the bystander');
    expect((await storedState(server.dataDir, room.review.id)).updates).toEqual([
      ...before.updates,
      legit,
      first,
      second,
    ]);
  });

  it('a citation in the narrative carrying anything but an event id is refused; one with an id is relayed', async () => {
    const room = await newRoom('Citations');
    const { raw, serverDoc } = await openAttacker(room);
    /** A paragraph citing with `attrs`, written by a replica of the server's document. */
    const citing = (attrs: Record<string, string>) => {
      const replica = new Y.Doc();
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(serverDoc));
      return captureUpdates(replica, () => {
        const citation = new Y.XmlElement(EVENT_REF_NODE);
        for (const [key, value] of Object.entries(attrs)) citation.setAttribute(key, value);
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [citation]);
        narrativeFragment(replica, 'detection').insert(0, [paragraph]);
      })[0]!;
    };
    const citationsIn = (doc: Y.Doc) =>
      [
        ...narrativeFragment(doc, 'detection').createTreeWalker(
          (node) => node instanceof Y.XmlElement && node.nodeName === EVENT_REF_NODE,
        ),
      ] as Y.XmlElement[];

    const fresh = await expectRefused(room, raw, syncUpdateFrame(citing({ [EVENT_REF_ATTR]: 'javascript:alert(1)' })));
    expect(citationsIn(fresh.doc)).toEqual([]);

    const valid = openRaw(server.wsUrl, room.review.id, room.review.tokens.edit);
    rawSockets.push(valid);
    await valid.opened;
    valid.ws.send(syncUpdateFrame(citing({ [EVENT_REF_ATTR]: 'AbC_123-xyz' })));
    await waitFor(() => citationsIn(room.bystander.doc).length === 1, 'the valid citation at the bystander');
    expect(citationsIn(room.bystander.doc)[0]!.getAttributes()).toEqual({ [EVENT_REF_ATTR]: 'AbC_123-xyz' });
    await expectStillOpen(valid);
  });
});
