import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addFinding,
  addGroup,
  applyControlPatch,
  demoteRootCause,
  findingText,
  moveFinding,
  promoteToRootCause,
  removeFinding,
  removeGroup,
  renameGroup,
  addAction,
  linkActionToRootCause,
  listActions,
  listRootCauses,
  shownRootCauseIds,
  updateFinding,
  updateRootCause,
  VOTING_STATES,
  type VotingState,
} from '@hindsight/review';
import { captureUpdates } from '@hindsight/tests/support/frames';
import { changesFrozenCandidates } from './frozen-candidates';
import { checkClientUpdate } from './update-check';

/** A server document with two candidates (a finding and a group) and a plain finding, and a client's replica. */
function board(voting: VotingState) {
  const server = new Y.Doc();
  const candidate = addFinding(server, { category: 'went-wrong', text: 'No alert' });
  const member = addFinding(server, { category: 'went-wrong', text: 'Rota stale' });
  const plain = addFinding(server, { category: 'lucky', text: 'Quiet day' });
  const group = addGroup(server, 'Rota', [member]);
  promoteToRootCause(server, { kind: 'finding', id: candidate });
  promoteToRootCause(server, { kind: 'group', id: group });
  applyControlPatch(server, { voting });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client, candidate, member, plain, group };
}

type Board = ReturnType<typeof board>;

/** What the room decides about `change` made on the client (checked first, as the room does); applied if accepted. */
function judge(b: Board, change: (doc: Y.Doc) => void) {
  const updates = captureUpdates(b.client, () => b.client.transact(() => change(b.client)));
  const update = Y.mergeUpdates(updates);
  const check = checkClientUpdate(b.server, update);
  if (!check.ok) throw new Error(check.reason);
  const frozen = changesFrozenCandidates(b.server, check.update, check.touched);
  if (!frozen) Y.applyUpdate(b.server, check.update); // accepted, as the room would
  return { frozen, touched: check.touched };
}

const findingEntry = (doc: Y.Doc, id: string) =>
  doc
    .getArray('findings')
    .toArray()
    .find((entry) => entry instanceof Y.Map && entry.get('id') === id) as Y.Map<unknown>;

const changesThatShowOtherCandidates: Record<string, (b: Board) => (doc: Y.Doc) => void> = {
  'demoting a finding': (b) => (doc) => demoteRootCause(doc, { kind: 'finding', id: b.candidate }),
  'demoting a group': (b) => (doc) => demoteRootCause(doc, { kind: 'group', id: b.group }),
  promoting: (b) => (doc) => promoteToRootCause(doc, { kind: 'finding', id: b.plain }),
  "deleting a candidate's finding": (b) => (doc) => removeFinding(doc, b.candidate),
  "removing a candidate's group": (b) => (doc) => removeGroup(doc, b.group),
  "deleting a candidate's group entry alone": (b) => (doc) => doc.getMap('groups').delete(b.group),
  "rewriting a candidate finding's id": (b) => (doc) => findingEntry(doc, b.candidate).set('id', 'elsewhere'),
  'giving a candidate finding a column that does not exist': (b) => (doc) =>
    findingEntry(doc, b.candidate).set('category', 'nowhere'),
  'marking a candidate finding anonymous (it then shows nothing)': (b) => (doc) =>
    findingEntry(doc, b.candidate).set('anonymous', true),
  'deleting the whole candidates list entry by entry': () => (doc) =>
    doc.getArray('rootCauses').delete(0, doc.getArray('rootCauses').length),
};

describe('changesFrozenCandidates', () => {
  for (const [name, make] of Object.entries(changesThatShowOtherCandidates)) {
    it(`refuses ${name} while voting is open, closed or locked, not before`, () => {
      for (const voting of VOTING_STATES) {
        const b = board(voting);
        const before = shownRootCauseIds(b.server);
        const frozen = voting !== 'not-started';
        expect(judge(b, make(b)).frozen, voting).toBe(frozen);
        // Refused: judged on a copy, the document is as it was. Accepted: the change is real.
        if (frozen) expect(shownRootCauseIds(b.server)).toEqual(before);
        else expect(shownRootCauseIds(b.server)).not.toEqual(before);
      }
    });
  }

  it('lets through edits that leave the candidates alone, and judges typing by where it lands alone', () => {
    const b = board('locked');
    const typed = judge(b, (doc) => findingText(doc, b.candidate)!.insert(0, 'Still: '));
    expect(typed).toEqual({ frozen: false, touched: [{ root: 'findings', depth: 2 }] });
    expect(judge(b, (doc) => renameGroup(doc, b.group, 'Rota and paging')).touched).toEqual([
      { root: 'groups', depth: 2 },
    ]);
    for (const change of [
      (doc: Y.Doc) => moveFinding(doc, b.candidate, 'contributing-factor'),
      (doc: Y.Doc) => removeFinding(doc, b.plain),
      (doc: Y.Doc) => addFinding(doc, { category: 'went-well', text: 'Rollback was quick' }),
      (doc: Y.Doc) => removeFinding(doc, b.member), // the group stays a candidate without it
      // A second entry for a target that already is one: reads keep the first, nothing shows anew.
      (doc: Y.Doc) => {
        const entry = new Y.Map<unknown>();
        for (const [key, value] of Object.entries({
          id: `finding:${b.candidate}`,
          targetKind: 'finding',
          targetId: b.candidate,
        }))
          entry.set(key, value);
        doc.getArray('rootCauses').push([entry]);
      },
    ]) {
      expect(judge(b, change).frozen).toBe(false);
    }
  });

  it('lets the team annotate frozen candidates: accepted risk, weakness, links from actions', () => {
    for (const voting of VOTING_STATES) {
      const b = board(voting);
      const action = addAction(b.server, { title: 'Add an alert' });
      Y.applyUpdate(b.client, Y.encodeStateAsUpdate(b.server));
      const candidateId = `finding:${b.candidate}`;
      for (const change of [
        (doc: Y.Doc) =>
          updateRootCause(doc, candidateId, { acceptedRisk: 'Paging is being replaced', weakness: 'capacity' }),
        (doc: Y.Doc) => updateRootCause(doc, `group:${b.group}`, { weakness: 'monitoring-alerting' }),
        (doc: Y.Doc) => updateFinding(doc, b.candidate, { weakness: 'testing' }),
        (doc: Y.Doc) => linkActionToRootCause(doc, action, candidateId),
        (doc: Y.Doc) => updateRootCause(doc, candidateId, { acceptedRisk: null }),
      ]) {
        expect(judge(b, change).frozen, voting).toBe(false);
      }
      expect(listRootCauses(b.server).map((candidate) => candidate.weakness)).toEqual([
        'capacity',
        'monitoring-alerting',
      ]);
      expect(listActions(b.server)[0]!.rootCauseIds).toEqual([candidateId]);
    }
  });
});
