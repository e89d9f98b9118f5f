import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  editAnonymousFinding,
  isAnonymousFinding,
  publishAnonymousFindings,
  removeAnonymousFinding,
} from './anonymous';
import { addAction, linkActionToFinding, listActions } from './actions';
import { anonymousMap, findingsArray, SERVER_OWNED_ROOTS } from './doc';
import { addFinding, findingText, listFindings, moveFinding, removeFinding, updateFinding } from './findings';
import { addFindingToGroup, addGroup, listGroups } from './groups';
import { listRootCauses, promoteToRootCause } from './root-causes';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { ReviewInputError } from './validate';

const AT = '2026-03-14T14:00:00.000Z';

/** Adds the client ids of `item` and of every item nested in it, deleted ones included. */
function writtenBy(item: Y.Item, into: Set<number>): void {
  into.add(item.id.client);
  if (!(item.content instanceof Y.ContentType)) return;
  const type = item.content.type;
  for (let child = type._start; child; child = child.right) writtenBy(child, into);
  for (const last of type._map.values())
    for (let child: Y.Item | null = last; child; child = child.left) writtenBy(child, into);
}

function published(): { server: Y.Doc; client: Y.Doc } {
  const server = newReview();
  publishAnonymousFindings(server, [
    { id: 'anon-b', category: 'went-wrong', text: 'Nobody owned the rollback runbook', createdAt: AT },
    { id: 'anon-a', category: 'lucky', text: 'The spare node was warm', createdAt: AT },
  ]);
  return { server, client: replicaOf(server) };
}

describe('anonymous findings', () => {
  it('list in the published order with no author and the server-given time', () => {
    const { client } = published();
    expect(listFindings(client)).toEqual([
      {
        id: 'anon-b',
        category: 'went-wrong',
        text: 'Nobody owned the rollback runbook',
        groupId: null,
        createdAt: AT,
        anonymous: true,
      },
      {
        id: 'anon-a',
        category: 'lucky',
        text: 'The spare node was warm',
        groupId: null,
        createdAt: AT,
        anonymous: true,
      },
    ]);
    expect(isAnonymousFinding(client, 'anon-a')).toBe(true);
  });

  it('carry only the publishing replica’s client id, in a review where named writers edit too', () => {
    const server = newReview();
    const writer = replicaOf(server);
    addFinding(writer, { category: 'went-well', text: 'A named note' });
    syncAll(server, writer);
    publishAnonymousFindings(server, [
      { id: 'anon-b', category: 'went-wrong', text: 'Nobody owned the rollback runbook', createdAt: AT },
    ]);
    syncAll(server, writer);
    // Every struct that holds the anonymous finding (its entry in the anonymous root, with all
    // that nests in it, deleted text included, and its placement) was written by the server; the
    // writer's client id is in the document, so a struct of theirs there would be seen.
    const carriers = new Set<number>();
    const entry = anonymousMap(writer)._map.get('anon-b')!;
    for (let item: Y.Item | null = entry; item; item = item.left) writtenBy(item, carriers);
    for (let item = findingsArray(writer)._start; item; item = item.right) {
      if (JSON.stringify(item.content.getContent()).includes('anon-b')) writtenBy(item, carriers);
    }
    expect(Y.decodeStateVector(Y.encodeStateVector(writer)).has(writer.clientID)).toBe(true);
    expect(carriers).toEqual(new Set([server.clientID]));
  });

  it('keep their words in a server-owned root', () => {
    expect(SERVER_OWNED_ROOTS).toContain('anonymous');
  });

  it('can be moved, grouped and promoted by anyone, like any note', () => {
    const { server, client } = published();
    moveFinding(client, 'anon-a', 'went-well');
    const group = addGroup(client, 'Ownership', ['anon-b']);
    promoteToRootCause(client, { kind: 'finding', id: 'anon-a' });
    syncAll(server, client);
    const byId = Object.fromEntries(listFindings(server).map((f) => [f.id, f]));
    expect(byId['anon-a']).toMatchObject({ category: 'went-well', anonymous: true });
    expect(byId['anon-b']).toMatchObject({ groupId: group });
    expect(listGroups(server)[0]?.findingIds).toEqual(['anon-b']);
    expect(listRootCauses(server).map((c) => c.id)).toEqual(['finding:anon-a']);
    // The moves live outside the server-owned root.
    expect(Y.decodeUpdate(Y.encodeStateAsUpdate(client, Y.encodeStateVector(replicaOf(server)))).structs).toEqual([]);
  });

  it('cannot have their words changed or be removed through the shared model', () => {
    const { client } = published();
    expect(() => updateFinding(client, 'anon-a', { text: 'rewritten' })).toThrow(ReviewInputError);
    expect(() => removeFinding(client, 'anon-a')).toThrow(ReviewInputError);
    expect(listFindings(client).find((f) => f.id === 'anon-a')?.text).toBe('The spare node was warm');
  });

  it('stay on the board when an editor deletes their placement entry, and can be placed again', () => {
    const { client } = published();
    findingsArray(client).delete(0, 2);
    expect(listFindings(client).map((f) => [f.id, f.category])).toEqual([
      ['anon-a', 'lucky'],
      ['anon-b', 'went-wrong'],
    ]);
    moveFinding(client, 'anon-b', 'contributing-factor');
    const group = addGroup(client, 'Luck', ['anon-a']);
    addFindingToGroup(client, 'anon-b', group);
    // Placed again in the order they were touched.
    expect(listFindings(client).map((f) => [f.id, f.category, f.groupId])).toEqual([
      ['anon-b', 'lucky', group],
      ['anon-a', 'lucky', group],
    ]);
  });

  it('ignore forged entries: a placement without content, and a named entry reusing an anonymous id', () => {
    const { client } = published();
    const forged = new Y.Map<unknown>();
    forged.set('id', 'anon-x');
    forged.set('category', 'went-wrong');
    forged.set('anonymous', true);
    const impostor = new Y.Map<unknown>();
    impostor.set('id', 'anon-a');
    impostor.set('category', 'lucky');
    impostor.set('text', new Y.Text('I wrote this'));
    impostor.set('author', 'Mallory');
    findingsArray(client).insert(0, [forged, impostor]);
    const findings = listFindings(client);
    expect(findings.map((f) => f.id)).toEqual(['anon-a', 'anon-b']);
    expect(findings[0]).toMatchObject({ text: 'The spare node was warm', anonymous: true });
    expect(findings[0]).not.toHaveProperty('author');
    expect(findingText(client, 'anon-a')?.toString()).toBe('The spare node was warm');
  });

  it('are edited and removed by the server for their author, removal unlinking actions', () => {
    const { server, client } = published();
    const action = addAction(client, { title: 'Write the runbook' });
    linkActionToFinding(client, action, 'anon-b');
    syncAll(server, client);
    editAnonymousFinding(server, 'anon-b', { text: 'Nobody owned the runbook', category: 'contributing-factor' });
    removeAnonymousFinding(server, 'anon-a');
    syncAll(server, client);
    expect(listFindings(client).map((f) => [f.id, f.category, f.text])).toEqual([
      ['anon-b', 'contributing-factor', 'Nobody owned the runbook'],
    ]);
    removeAnonymousFinding(server, 'anon-b');
    syncAll(server, client);
    expect(listFindings(client)).toEqual([]);
    expect(listActions(client)[0]?.findingIds).toEqual([]);
    expect(anonymousMap(client).size).toBe(0);
  });

  it('publish idempotently: a retried batch adds nothing twice', () => {
    const { server } = published();
    const again = publishAnonymousFindings(server, [
      { id: 'anon-a', category: 'lucky', text: 'The spare node was warm', createdAt: AT },
      { id: 'anon-c', category: 'went-well', text: 'Paging worked', createdAt: AT },
    ]);
    expect(again).toEqual(['anon-c']);
    expect(listFindings(server).map((f) => f.id)).toEqual(['anon-b', 'anon-a', 'anon-c']);
  });

  it('sit beside named findings, which keep their authors', () => {
    const { client } = published();
    addFinding(client, { category: 'went-well', text: 'Alerts fired', author: 'Ana' });
    const named = listFindings(client).find((f) => f.text === 'Alerts fired');
    expect(named).toMatchObject({ author: 'Ana' });
    expect(named).not.toHaveProperty('anonymous');
  });
});
