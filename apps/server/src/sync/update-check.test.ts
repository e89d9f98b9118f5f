import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_NESTING_DEPTH } from '@hindsight/protocol';
import { content, forgeMapOverride, forgeUpdate, item, mapEntryItem } from '@hindsight/tests/support/forge';
import { checkClientUpdate } from './update-check';

const OWNED = new Set(['control']);
const ATTACKER = 0x7fff0001;

/** A server doc and a client doc that starts in sync with it. */
function pair() {
  const server = new Y.Doc();
  server.getText('t').insert(0, 'base');
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

function captureUpdates(doc: Y.Doc, edit: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array) => updates.push(u);
  doc.on('update', onUpdate);
  edit();
  doc.off('update', onUpdate);
  return updates;
}

/** A server doc whose `control` root the server wrote under its own client id, as the room does. */
function serverWithControl() {
  const server = new Y.Doc();
  server.getArray('timeline').push(['event']);
  const writer = new Y.Doc();
  writer.clientID = 999;
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(server));
  writer.transact(() => {
    writer.getMap('control').set('voting', 'locked');
    const tallies = new Y.Map<unknown>();
    writer.getMap('control').set('tallies', tallies);
    tallies.set('cause-1', 3);
    writer.getMap('control').set('note', new Y.Text('server words'));
  });
  Y.applyUpdate(server, Y.encodeStateAsUpdate(writer));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  /** The client's next update after `edit`. */
  const next = (edit: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    edit(client);
    return Y.encodeStateAsUpdate(client, before);
  };
  return { server, client, next };
}

/** Accepted updates must apply cleanly: nothing pending, nothing thrown. */
function applyAccepted(server: Y.Doc, update: Uint8Array) {
  const check = checkClientUpdate(server, update, OWNED);
  if (!check.ok) throw new Error(`refused: ${check.reason}`);
  Y.applyUpdate(server, check.update);
  expect(server.store.pendingStructs).toBeNull();
  expect(server.store.pendingDs).toBeNull();
  return check;
}

describe('checkClientUpdate', () => {
  it('accepts an ordinary edit and a full state', () => {
    const { server, client } = pair();
    const [u] = captureUpdates(client, () => client.getText('t').insert(4, '!'));
    expect(checkClientUpdate(server, u!)).toEqual({
      ok: true,
      update: u,
      empty: false,
      placedBetween: [],
      touched: [{ root: 't', depth: 0 }],
    });
    expect(checkClientUpdate(server, Y.encodeStateAsUpdate(client))).toMatchObject({ ok: true });
  });

  it('reports an update with nothing new in it as empty: nothing to store', () => {
    const { server, client } = pair();
    expect(checkClientUpdate(server, Y.encodeStateAsUpdate(server, Y.encodeStateVector(server)))).toMatchObject({
      ok: true,
      empty: true,
    });
    // A sync step 2 re-sending everything, deletes included, changes nothing either.
    client.getText('t').delete(0, 2);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    expect(checkClientUpdate(server, Y.encodeStateAsUpdate(client))).toMatchObject({ ok: true, empty: true });
  });

  it('keeps the new deletes of a step 2 whose structs the document has all', () => {
    const { server, client } = pair();
    client.getText('t').delete(0, 2);
    const check = applyAccepted(server, Y.encodeStateAsUpdate(client));
    expect(check).toMatchObject({ ok: true, empty: false });
    expect(server.getText('t').toString()).toBe('se');
  });

  it('holds an update whose earlier updates never arrived', () => {
    const { server, client } = pair();
    const [first, second] = captureUpdates(client, () => {
      client.getText('t').insert(0, 'a');
      client.getText('t').insert(0, 'b');
    });
    expect(checkClientUpdate(server, second!)).toMatchObject({ ok: false, missing: true });
    expect(checkClientUpdate(server, first!)).toMatchObject({ ok: true });
  });

  it("holds an edit that refers to another client's content the server lacks", () => {
    const { server, client } = pair();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    other.getText('t').insert(0, 'other ');
    Y.applyUpdate(client, Y.encodeStateAsUpdate(other));
    const [u] = captureUpdates(client, () => client.getText('t').insert(3, 'X')); // inside other's text
    expect(checkClientUpdate(server, u!)).toMatchObject({ ok: false, missing: true });
  });

  it('holds a delete of content the server does not have', () => {
    const { server, client } = pair();
    client.getText('t').insert(0, 'unsent');
    const [u] = captureUpdates(client, () => client.getText('t').delete(0, 3));
    expect(checkClientUpdate(server, u!)).toMatchObject({ ok: false, missing: true });
  });

  it('refuses bytes that are not an update', () => {
    const { server } = pair();
    for (const bad of [
      new Uint8Array([0xff, 0xff, 0xff]),
      new Uint8Array([1, 1, 5]),
      new TextEncoder().encode('hello'),
    ]) {
      expect(checkClientUpdate(server, bad)).toMatchObject({ ok: false });
    }
  });

  it('stores only what is new when an update overlaps what the document has (a step 2 racing a live edit)', () => {
    const { server, client } = pair();
    const [live] = captureUpdates(client, () => client.getText('t').insert(4, 'abc'));
    client.getText('t').insert(7, 'def'); // merges with 'abc' into one struct on the client
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    applyAccepted(server, live!);
    const check = applyAccepted(server, step2);
    const [first] = Y.decodeUpdate(check.ok ? check.update : new Uint8Array()).structs;
    expect(first!.id.clock).toBe(3); // 'abc' took clocks 0-2: only 'def' is stored
    expect(server.getText('t').toString()).toBe('baseabcdef');
  });

  it('follows implicit parents through long chains of typed characters without exhausting the stack', () => {
    const { server, client } = pair();
    const [u] = captureUpdates(client, () =>
      client.transact(() => {
        for (let i = 0; i < 20_000; i++) client.getText('t').insert(0, String(i % 10));
      }),
    );
    applyAccepted(server, u!);
    expect(server.getText('t').length).toBe(20_004);
  });
});

describe('checkClientUpdate: server-owned roots', () => {
  it('refuses any change to a server-owned root, nested or not, and accepts others', () => {
    const attempt = (edit: (doc: Y.Doc) => void) => {
      const { server, next } = serverWithControl();
      return checkClientUpdate(server, next(edit), OWNED);
    };
    const control = (d: Y.Doc) => d.getMap('control');
    expect(attempt((d) => (control(d).get('tallies') as Y.Map<unknown>).set('cause-1', 1000))).toMatchObject({
      ok: false,
    });
    expect(attempt((d) => control(d).set('x', new Y.Map()))).toMatchObject({ ok: false });
    expect(attempt((d) => (control(d).get('note') as Y.Text).insert(6, '!'))).toMatchObject({ ok: false });
    expect(attempt((d) => (control(d).get('note') as Y.Text).insert(0, '!'))).toMatchObject({ ok: false });
    expect(attempt((d) => (control(d).get('note') as Y.Text).delete(0, 1))).toMatchObject({ ok: false });
    expect(attempt((d) => control(d).delete('voting'))).toMatchObject({ ok: false });
    const both = (d: Y.Doc) =>
      d.transact(() => {
        d.getArray('timeline').push(['fine']);
        control(d).delete('tallies');
      });
    expect(attempt(both)).toMatchObject({ ok: false });
    expect(attempt((d) => d.getArray('timeline').push(['fine']))).toMatchObject({ ok: true });
  });

  it('refuses a re-sent copy of a server struct with a forged parent plus an item placed by it', () => {
    for (const key of ['voting', 'tallies', 'note']) {
      const { server } = serverWithControl();
      const forged = forgeMapOverride(server, server.getMap('control'), key, 'forged', ATTACKER);
      expect(checkClientUpdate(server, forged, OWNED)).toMatchObject({ ok: false });
    }
  });

  it('refuses an item placed by its right origin, or by a parent id, inside a server-owned root', () => {
    const { server } = serverWithControl();
    const voting = mapEntryItem(server.getMap('control'), 'voting');
    const byRight = forgeUpdate([
      { client: ATTACKER, clock: 0, structs: [item({ rightOrigin: voting.id, content: content.any('x') })] },
    ]);
    expect(checkClientUpdate(server, byRight, OWNED)).toMatchObject({ ok: false });
    const tallies = mapEntryItem(server.getMap('control'), 'tallies');
    const byParent = forgeUpdate([
      { client: ATTACKER, clock: 0, structs: [item({ parent: tallies.id, parentSub: 'c', content: content.any(9) })] },
    ]);
    expect(checkClientUpdate(server, byParent, OWNED)).toMatchObject({ ok: false });
  });

  it('refuses a delete set reaching into a server-owned root, also through a range that starts outside it', () => {
    const { server } = serverWithControl();
    const voting = mapEntryItem(server.getMap('control'), 'voting');
    const del = (clock: number, len: number) => forgeUpdate([], [{ client: voting.id.client, clock, len }]);
    expect(checkClientUpdate(server, del(voting.id.clock, 1), OWNED)).toMatchObject({ ok: false });
    expect(checkClientUpdate(server, del(0, 1000), OWNED)).toMatchObject({ ok: false, missing: true });
    expect(checkClientUpdate(server, del(0, Y.getState(server.store, 999)), OWNED)).toMatchObject({ ok: false });
  });
});

describe('checkClientUpdate: shapes Yjs handles differently from a naive reader', () => {
  const text = (s: string) => content.string(s);

  it('refuses two sections for one client (Yjs keeps only the last), adjacent, apart or empty', () => {
    const { server } = pair();
    const a = { client: ATTACKER, clock: 0, structs: [item({ parent: 't', content: text('abc') })] };
    const b = { client: ATTACKER, clock: 3, structs: [item({ origin: Y.createID(ATTACKER, 2), content: text('d') })] };
    const other = { client: 5, clock: 0, structs: [item({ parent: 't', content: text('x') })] };
    expect(checkClientUpdate(server, forgeUpdate([a, b]))).toMatchObject({ ok: false });
    expect(checkClientUpdate(server, forgeUpdate([a, other, b]))).toMatchObject({ ok: false });
    expect(checkClientUpdate(server, forgeUpdate([a, { ...a, structs: [] }]))).toMatchObject({ ok: false });
    expect(
      checkClientUpdate(server, forgeUpdate([a, { ...a, structs: [item({ parent: 'u', content: text('xyz') })] }])),
    ).toMatchObject({
      ok: false,
    });
    expect(checkClientUpdate(server, forgeUpdate([a, other]))).toMatchObject({ ok: true });
  });

  it('refuses a reference cycle between new clients (it would stay pending forever)', () => {
    const { server } = pair();
    const update = forgeUpdate([
      { client: 1000, clock: 0, structs: [item({ origin: Y.createID(2000, 0), content: text('a') })] },
      { client: 2000, clock: 0, structs: [item({ origin: Y.createID(1000, 0), content: text('b') })] },
    ]);
    expect(checkClientUpdate(server, update)).toMatchObject({ ok: false, reason: expect.stringMatching(/cycle/) });
    // Through each client's earlier clocks: 1000:1 needs 2000:0, which needs 1000:1.
    const longer = forgeUpdate([
      {
        client: 1000,
        clock: 0,
        structs: [item({ parent: 't', content: text('a') }), item({ origin: Y.createID(2000, 0), content: text('b') })],
      },
      { client: 2000, clock: 0, structs: [item({ rightOrigin: Y.createID(1000, 1), content: text('c') })] },
    ]);
    expect(checkClientUpdate(server, longer)).toMatchObject({ ok: false, reason: expect.stringMatching(/cycle/) });
    Y.applyUpdate(server, longer);
    expect(server.store.pendingStructs).not.toBeNull(); // what Yjs would have done with it
  });

  it('refuses a reference to a later clock of the same client (Yjs throws on it mid-update)', () => {
    const { server } = pair();
    const update = forgeUpdate([
      {
        client: ATTACKER,
        clock: 0,
        structs: [
          item({ origin: Y.createID(ATTACKER, 1), content: text('a') }),
          item({ parent: 't', content: text('b') }),
        ],
      },
    ]);
    expect(checkClientUpdate(server, update)).toMatchObject({ ok: false });
    expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow();
  });

  it('refuses an overlapping struct whose known part states other neighbours than the document holds', () => {
    const { server } = serverWithControl();
    // The server's own client id continues past its last control write: Yjs would put the new
    // part next to that write, inside control, whatever origin the struct states.
    const writerState = Y.getState(server.store, 999);
    const overlap = forgeUpdate([
      {
        client: 999,
        clock: writerState - 1,
        structs: [item({ parent: 'timeline', content: content.any('a', 'b') })],
      },
    ]);
    expect(checkClientUpdate(server, overlap, OWNED)).toMatchObject({ ok: false });
  });

  it('refuses an empty delete range (found by the fuzzer, seed 1: Yjs throws on one past the state)', () => {
    const { server } = pair();
    const past = forgeUpdate([], [{ client: ATTACKER, clock: 0, len: 0 }]);
    expect(checkClientUpdate(server, past)).toMatchObject({ ok: false });
    expect(() => Y.applyUpdate(new Y.Doc(), past)).toThrow();
    const inside = forgeUpdate([], [{ client: server.clientID, clock: 1, len: 0 }]);
    expect(checkClientUpdate(server, inside)).toMatchObject({ ok: false });
  });

  it('refuses a re-sent struct whose known part states other neighbours, even where its new part would be harmless', () => {
    const { server, client } = pair();
    const [typed] = captureUpdates(client, () => client.getText('t').insert(4, 'abc'));
    applyAccepted(server, typed!);
    const resent = forgeUpdate([
      {
        client: client.clientID,
        clock: 0,
        structs: [item({ parent: 'elsewhere', content: content.string('abcdef') })],
      },
    ]);
    expect(checkClientUpdate(server, resent)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/overlapping/),
    });
    client.getText('t').insert(7, 'def');
    applyAccepted(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(new Y.Doc())));
    expect(server.getText('t').toString()).toBe('baseabcdef');
  });

  it('refuses gaps, empty structs and lengths beyond range', () => {
    const { server } = pair();
    const c = ATTACKER;
    expect(
      checkClientUpdate(server, forgeUpdate([{ client: c, clock: 0, structs: [{ kind: 'skip', length: 2 }] }])),
    ).toMatchObject({ ok: false });
    expect(
      checkClientUpdate(
        server,
        forgeUpdate([{ client: c, clock: 0, structs: [item({ parent: 't', content: text('') })] }]),
      ),
    ).toMatchObject({ ok: false });
    expect(
      checkClientUpdate(server, forgeUpdate([{ client: c, clock: 0, structs: [{ kind: 'gc', length: 2 ** 32 }] }])),
    ).toMatchObject({ ok: false });
    expect(
      checkClientUpdate(
        server,
        forgeUpdate([{ client: c, clock: 5, structs: [item({ parent: 't', content: text('a') })] }]),
      ),
    ).toMatchObject({ ok: false, missing: true });
  });

  it('caps nesting depth, counting types already in the document', () => {
    const nest = (levels: number) => {
      const server = new Y.Doc();
      const structs = Array.from({ length: levels }, (_, i) =>
        i === 0
          ? item({ parent: 'deep', parentSub: 'k', content: content.map() })
          : item({ parent: Y.createID(ATTACKER, i - 1), parentSub: 'k', content: content.map() }),
      );
      return { server, update: forgeUpdate([{ client: ATTACKER, clock: 0, structs }]) };
    };
    const ok = nest(MAX_NESTING_DEPTH);
    applyAccepted(ok.server, ok.update);
    const tooDeep = nest(MAX_NESTING_DEPTH + 1);
    expect(checkClientUpdate(tooDeep.server, tooDeep.update)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/nested/),
    });
    // One more level on top of the accepted document is refused too.
    const more = forgeUpdate([
      {
        client: ATTACKER,
        clock: MAX_NESTING_DEPTH,
        structs: [
          item({ parent: Y.createID(ATTACKER, MAX_NESTING_DEPTH - 1), parentSub: 'k', content: content.map() }),
        ],
      },
    ]);
    expect(checkClientUpdate(ok.server, more)).toMatchObject({ ok: false, reason: expect.stringMatching(/nested/) });
  });

  it('places items whose neighbours were garbage collected as GC, touching nothing', () => {
    const { server } = serverWithControl();
    // A map whose entry is deleted and collected: its children become GC structs.
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const inner = new Y.Array<unknown>();
    client.getArray('timeline').push([inner]);
    inner.push(['child']);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
    const childId = Y.createID(client.clientID, 1);
    client.getArray('timeline').delete(1, 1);
    applyAccepted(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
    const afterGc = forgeUpdate([
      { client: ATTACKER, clock: 0, structs: [item({ origin: childId, content: text('ghost') })] },
    ]);
    const check = applyAccepted(server, afterGc);
    expect(check.empty).toBe(false);
    expect(server.getArray('timeline').toJSON()).toEqual(['event']);
  });
});

describe('checkClientUpdate: orders a reload could not reproduce (found by the fuzzer)', () => {
  /** A text typed by three clients: 'a' (1), then 'c' after it (3), then 'b' between them (2). */
  function threeWriters() {
    const server = new Y.Doc();
    const write = (client: number, edit: (t: Y.Text) => void) => {
      const doc = new Y.Doc();
      doc.clientID = client;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
      edit(doc.getText('t'));
      Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)));
    };
    write(1, (t) => t.insert(0, 'a'));
    write(3, (t) => t.insert(1, 'c'));
    write(2, (t) => t.insert(1, 'b'));
    expect(server.getText('t').toString()).toBe('abc');
    const id = (client: number) => Y.createID(client, 0);
    const between = (origin: Y.ID | null, rightOrigin: Y.ID | null) =>
      forgeUpdate([
        {
          client: ATTACKER,
          clock: 0,
          structs: [item({ origin, rightOrigin, parent: 't', content: content.string('x') })],
        },
      ]);
    return { server, id, between };
  }

  it('refuses a map entry longer than one clock (seed 1: a delete splitting it reloads differently)', () => {
    const { server } = pair();
    const long = forgeUpdate([
      { client: ATTACKER, clock: 0, structs: [item({ parent: 'm', parentSub: 'k', content: content.string('ab') })] },
    ]);
    expect(checkClientUpdate(server, long)).toMatchObject({ ok: false, reason: expect.stringMatching(/map entry/) });
    const one = forgeUpdate([
      { client: ATTACKER, clock: 0, structs: [item({ parent: 'm', parentSub: 'k', content: content.any('ab') })] },
    ]);
    applyAccepted(server, one);
  });

  it('refuses an origin and a right origin in different types (seed 1: a reload GCs it once the other type is gone)', () => {
    const { server, id } = threeWriters();
    server.getArray('other').push(['o']);
    const otherId = (server.getArray('other')._start as Y.Item).id;
    const split = forgeUpdate([
      {
        client: ATTACKER,
        clock: 0,
        structs: [item({ origin: id(1), rightOrigin: otherId, content: content.string('x') })],
      },
    ]);
    expect(checkClientUpdate(server, split)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/different types/),
    });
  });

  it('refuses a right origin left of the origin (seed 2: replicas would order it by arrival)', () => {
    const { server, id, between } = threeWriters();
    expect(checkClientUpdate(server, between(id(3), id(1)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/left of origin/),
    });
  });

  it('refuses neighbours with something between that their author knew, and accepts a concurrent insert between them', () => {
    const { server, id, between } = threeWriters();
    // 'b' was typed after 'c' existed, between 'a' and 'c': whoever knew 'a' and 'c' as neighbours did not know 'b'.
    applyAccepted(server, between(id(1), id(3)));
    // 'a' is the origin of 'c': whoever knew 'c' knew 'a', and 'a' lies between the start and 'c'.
    const fresh = threeWriters();
    expect(checkClientUpdate(fresh.server, fresh.between(null, fresh.id(3)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/never first/),
    });
    // Client 2 typed 'b' before the attacker's 'x' (clock 0 of client 2 lies between 'a' and 'c').
    const own = threeWriters();
    const sameAuthor = forgeUpdate([
      {
        client: 2,
        clock: 1,
        structs: [item({ origin: own.id(1), rightOrigin: own.id(3), content: content.string('x') })],
      },
    ]);
    expect(checkClientUpdate(own.server, sameAuthor)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/earlier item of its author/),
    });
  });

  it("refuses neighbours with the rest of the origin's run between them holding what the author knew (chunk seed 3266403487)", () => {
    const server = new Y.Doc();
    server.clientID = 7;
    server.getText('t').insert(0, 'fix it'); // one run, clocks 0-5
    const other = new Y.Doc();
    other.clientID = 1;
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    other.getText('t').insert(5, 'Z'); // after clock 4 ('i'), splitting the run
    Y.applyUpdate(server, Y.encodeStateAsUpdate(other, Y.encodeStateVector(server)));
    expect(server.getText('t').toString()).toBe('fix iZt');
    // x between clock 3 (' ') and Z: clock 4, Z's own origin, lies between them.
    const crossing = forgeUpdate([
      {
        client: ATTACKER,
        clock: 0,
        structs: [item({ origin: Y.createID(7, 3), rightOrigin: Y.createID(1, 0), content: content.string('x') })],
      },
    ]);
    expect(checkClientUpdate(server, crossing)).toMatchObject({ ok: false, reason: expect.stringMatching(/knew/) });
    const fine = forgeUpdate([
      {
        client: ATTACKER,
        clock: 0,
        structs: [item({ origin: Y.createID(7, 4), rightOrigin: Y.createID(1, 0), content: content.string('x') })],
      },
    ]);
    applyAccepted(server, fine);
  });

  it('refuses a start whose right origin was never first, and an end whose origin was never last (seed 4)', () => {
    const { server, id, between } = threeWriters();
    expect(checkClientUpdate(server, between(null, id(2)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/never first/),
    });
    expect(checkClientUpdate(server, between(id(2), null))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/never last/),
    });
    applyAccepted(server, between(null, id(1)));
    applyAccepted(threeWriters().server, threeWriters().between(id(3), null));
  });
});
