import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAction,
  addFinding,
  actionTitleText,
  linkActionToFinding,
  listActions,
  removeAction,
  updateAction,
  setTitle,
} from '@hindsight/review';
import { captureUpdates } from '@hindsight/tests/support/frames';
import { outsideFollowUpFields } from './follow-up-scope';
import { checkClientUpdate } from './update-check';

/** A server document with one finding and one action, and a client's replica of it. */
function board() {
  const server = new Y.Doc();
  const finding = addFinding(server, { category: 'went-wrong', text: 'No alert' });
  const action = addAction(server, { title: 'Add an alert', owner: 'Sam' });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client, finding, action };
}

/** What the rule says of `change` made on `client` (checked first, as the room does); applied when allowed. */
function judge(server: Y.Doc, client: Y.Doc, change: (doc: Y.Doc) => void): string | null {
  const update = Y.mergeUpdates(captureUpdates(client, () => client.transact(() => change(client))));
  const check = checkClientUpdate(server, update);
  if (!check.ok) throw new Error(check.reason);
  const outside = outsideFollowUpFields(server, check.update);
  if (outside === null) Y.applyUpdate(server, check.update);
  return outside;
}

describe('outsideFollowUpFields', () => {
  it('allows status, owner, due date and progress note of an existing action, set once or twice', () => {
    const { server, client, action } = board();
    expect(judge(server, client, (doc) => updateAction(doc, action, { status: 'in-progress' }))).toBeNull();
    expect(
      judge(server, client, (doc) => {
        updateAction(doc, action, { owner: 'Ana', due: '2026-12-24', progress: 'Drafted' });
        updateAction(doc, action, { progress: 'Drafted, in review' });
      }),
    ).toBeNull();
    expect(listActions(server)[0]).toMatchObject({
      status: 'in-progress',
      owner: 'Ana',
      due: '2026-12-24',
      progress: 'Drafted, in review',
      title: 'Add an alert',
    });
  });

  it('refuses every other change, leaving the document as it was', () => {
    const { server, finding, action } = board();
    const before = Y.encodeStateAsUpdate(server);
    const forgeries: Array<[string, (doc: Y.Doc) => void]> = [
      ['the action title', (doc) => actionTitleText(doc, action)!.insert(0, 'Maybe ')],
      ['the priority', (doc) => updateAction(doc, action, { priority: 'P1' })],
      ['a link', (doc) => linkActionToFinding(doc, action, finding)],
      ['a new action', (doc) => addAction(doc, { title: 'Sneaked in' })],
      ['a finding', (doc) => addFinding(doc, { category: 'lucky', text: 'Sneaked in' })],
      ['the review title', (doc) => setTitle(doc, 'Renamed')],
      ['removing the action', (doc) => removeAction(doc, action)],
      ['an invalid status', (doc) => actionMap(doc, action).set('status', 'finished')],
      ['a status that is not a string', (doc) => actionMap(doc, action).set('status', new Y.Map())],
      [
        'a follow-up field of a new action',
        (doc) => updateAction(doc, addAction(doc, { title: 'New' }), { owner: 'x' }),
      ],
      [
        'an allowed field beside a forbidden one',
        (doc) => {
          updateAction(doc, action, { status: 'done' });
          setTitle(doc, 'Renamed');
        },
      ],
      ['an unknown key of the action', (doc) => actionMap(doc, action).set('note', 'x')],
      ['deleting the priority', (doc) => actionMap(doc, action).delete('priority')],
      ['a new root', (doc) => doc.getMap('extra').set('status', 'done')],
    ];
    for (const [what, change] of forgeries) {
      const replica = new Y.Doc();
      Y.applyUpdate(replica, before);
      expect(judge(server, replica, change), what).not.toBeNull();
      expect(Y.encodeStateAsUpdate(server), what).toEqual(before);
    }
  });

  it('refuses text written under another client id, where Yjs merges it into that client’s own struct', () => {
    const { server, action } = board();
    actionTitleText(server, action)!.insert(12, '?');
    // The server typed the title's last character last: a forger continues its clock right after it.
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    client.clientID = server.clientID;
    expect(judge(server, client, (doc) => actionTitleText(doc, action)!.insert(13, '!'))).not.toBeNull();
    expect(listActions(server)[0]!.title).toBe('Add an alert?');
  });
});

function actionMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  return doc
    .getArray('actions')
    .toArray()
    .find((entry) => entry instanceof Y.Map && entry.get('id') === id) as Y.Map<unknown>;
}
