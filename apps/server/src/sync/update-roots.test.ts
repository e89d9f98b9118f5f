import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkClientUpdate } from './update-check';
import { rootsTouchedByUpdate } from './update-roots';

/** A server doc with a client replica in sync, and a way to capture the client's next update. */
function setup(seed: (doc: Y.Doc) => void = () => undefined) {
  const server = new Y.Doc();
  seed(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const next = (edit: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    edit(client);
    return Y.encodeStateAsUpdate(client, before);
  };
  /** The roots `update` touches; then the server accepts it, as it would after the check. */
  const touched = (update: Uint8Array) => {
    const roots = [...rootsTouchedByUpdate(server, Y.decodeUpdate(update))].sort();
    Y.applyUpdate(server, update);
    return roots;
  };
  return { server, client, next, touched };
}

describe('rootsTouchedByUpdate', () => {
  it('names the root of top-level and deeply nested insertions', () => {
    const { next, touched } = setup((d) => {
      const inner = new Y.Map<unknown>();
      d.getMap('server').set('tallies', inner);
      inner.set('a', 1);
      const note = new Y.Map<unknown>();
      d.getArray('findings').push([note]);
      note.set('text', new Y.Text('hello'));
    });
    expect(touched(next((d) => d.getMap('meta').set('title', 'x')))).toEqual(['meta']);
    expect(touched(next((d) => (d.getMap('server').get('tallies') as Y.Map<unknown>).set('a', 99)))).toEqual([
      'server',
    ]);
    const text = (d: Y.Doc) => (d.getArray('findings').get(0) as Y.Map<unknown>).get('text') as Y.Text;
    expect(touched(next((d) => text(d).insert(5, ' world')))).toEqual(['findings']);
    expect(touched(next((d) => text(d).insert(0, '>')))).toEqual(['findings']);
  });

  it('follows implicit parents through long chains of typed characters without exhausting the stack', () => {
    const { next, touched } = setup((d) => d.getArray('findings').push([new Y.Text('')]));
    const update = next((d) => {
      const text = d.getArray('findings').get(0) as Y.Text;
      for (let i = 0; i < 20_000; i++) d.transact(() => text.insert(i, String(i % 10)));
    });
    expect(touched(update)).toEqual(['findings']);
  });

  it('names the root of deleted items', () => {
    const { next, touched } = setup((d) => {
      d.getMap('server').set('revealed', true);
      d.getArray('timeline').push(['a', 'b']);
    });
    expect(touched(next((d) => d.getMap('server').delete('revealed')))).toEqual(['server']);
    expect(touched(next((d) => d.getArray('timeline').delete(0, 1)))).toEqual(['timeline']);
  });

  it('lets checkClientUpdate refuse any change to a server-owned root, nested or not, and accept others', () => {
    const owned = new Set(['server']);
    /** A fresh client per attempt: a refused client is disconnected and its replica discarded. */
    const attempt = (edit: (doc: Y.Doc) => void) => {
      const { server, next } = setup((d) => {
        const tallies = new Y.Map<unknown>();
        d.getMap('server').set('tallies', tallies);
        tallies.set('cause-1', 3);
        d.getMap('meta').set('title', 'old');
      });
      return checkClientUpdate(server, next(edit), owned);
    };
    expect(attempt((d) => (d.getMap('server').get('tallies') as Y.Map<unknown>).set('cause-1', 1000))).toMatchObject({
      ok: false,
    });
    expect(attempt((d) => d.getMap('server').set('x', new Y.Map()))).toMatchObject({ ok: false });
    const both = (d: Y.Doc) =>
      d.transact(() => {
        d.getMap('meta').set('title', 'fine');
        d.getMap('server').delete('tallies');
      });
    expect(attempt(both)).toMatchObject({ ok: false });
    expect(attempt((d) => d.getMap('meta').set('title', 'fine'))).toMatchObject({ ok: true });
  });
});
