import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkClientUpdate } from './update-check';

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

describe('checkClientUpdate', () => {
  it('accepts an ordinary edit and a full state', () => {
    const { server, client } = pair();
    const [u] = captureUpdates(client, () => client.getText('t').insert(4, '!'));
    expect(checkClientUpdate(server, u!)).toEqual({ ok: true, empty: false });
    expect(checkClientUpdate(server, Y.encodeStateAsUpdate(client))).toMatchObject({ ok: true });
  });

  it('reports an update with nothing in it as empty', () => {
    const { server } = pair();
    expect(checkClientUpdate(server, Y.encodeStateAsUpdate(server, Y.encodeStateVector(server)))).toEqual({
      ok: true,
      empty: true,
    });
  });

  it('refuses an update whose earlier updates never arrived (it would stay pending forever)', () => {
    const { server, client } = pair();
    const [first, second] = captureUpdates(client, () => {
      client.getText('t').insert(0, 'a');
      client.getText('t').insert(0, 'b');
    });
    expect(checkClientUpdate(server, second!)).toMatchObject({ ok: false });
    expect(checkClientUpdate(server, first!)).toMatchObject({ ok: true });
  });

  it("refuses an edit that refers to another client's content the server lacks", () => {
    const { server, client } = pair();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    other.getText('t').insert(0, 'other ');
    Y.applyUpdate(client, Y.encodeStateAsUpdate(other));
    const [u] = captureUpdates(client, () => client.getText('t').insert(3, 'X')); // inside other's text
    expect(checkClientUpdate(server, u!)).toMatchObject({ ok: false });
  });

  it('refuses a delete of content the server does not have', () => {
    const { server, client } = pair();
    client.getText('t').insert(0, 'unsent');
    const [u] = captureUpdates(client, () => client.getText('t').delete(0, 3));
    expect(checkClientUpdate(server, u!)).toMatchObject({ ok: false });
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
});
