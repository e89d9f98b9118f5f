import { applyControlPatch, CONTROL_DEFAULTS } from './control';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAction,
  linkActionToFinding,
  linkActionToRootCause,
  unlinkActionFromRootCause,
  listActions,
  removeAction,
  unlinkActionFromFinding,
  updateAction,
} from './actions';
import { actionsArray, findingsArray, metaMap, timelineArray } from './doc';
import { addFinding, listFindings, moveFinding, removeFinding, setFindingGroup, updateFinding } from './findings';
import { setKeyTime, setSeverity, setTitle, readMeta } from './meta';
import { narrativeFragment } from './narrative';
import { FINDING_CATEGORIES, NARRATIVE_SECTIONS, TIMELINE_KINDS, WEAKNESSES } from './schema';
import { addFindingToGroup, addGroup, listGroups, moveGroup, removeGroup, renameGroup } from './groups';
import { demoteRootCause, listRootCauses, promoteToRootCause, updateRootCause } from './root-causes';
import { reviewSnapshot } from './snapshot';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { addTimelineEvent, listTimeline, removeTimelineEvent, updateTimelineEvent } from './timeline';
import { mulberry32 } from './testing/random';

describe('reviewSnapshot', () => {
  it('is plain JSON of the whole review', () => {
    const doc = newReview('Checkout outage');
    const finding = addFinding(doc, {
      category: 'went-wrong',
      text: 'Stale runbook',
      author: 'ana',
      createdAt: '2024-05-01T00:00:00Z',
    });
    const event = addTimelineEvent(doc, { at: '2024-05-01T12:00:00Z', kind: 'impact', text: 'Errors' });
    const action = addAction(doc, { title: 'Update runbook', findingIds: [finding] });
    narrativeFragment(doc, 'summary').insert(0, [new Y.XmlText('Checkout failed.')]);
    const group = addGroup(doc, 'Runbooks', [finding]);
    promoteToRootCause(doc, { kind: 'group', id: group });
    const snapshot = reviewSnapshot(doc);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot).toEqual({
      meta: readMeta(doc),
      control: CONTROL_DEFAULTS,
      timeline: [{ id: event, at: '2024-05-01T12:00:00.000Z', kind: 'impact', text: 'Errors', source: '' }],
      findings: listFindings(doc),
      actions: [
        {
          id: action,
          title: 'Update runbook',
          owner: '',
          due: '',
          status: 'open',
          priority: 'P2',
          type: 'prevent',
          progress: '',
          findingIds: [finding],
          rootCauseIds: [],
        },
      ],
      groups: [
        { id: group, name: 'Runbooks', category: 'went-wrong', createdAt: expect.any(String), findingIds: [finding] },
      ],
      rootCauses: [{ id: `group:${group}`, target: { kind: 'group', id: group }, promotedAt: expect.any(String) }],
      narrative: { summary: 'Checkout failed.', impact: '', detection: '', resolution: '', lessons: '' },
    });
  });

  it('converges on two replicas after concurrent edits to every part of the model', () => {
    const a = newReview('Checkout outage');
    const event = addTimelineEvent(a, { at: '2024-05-01T12:00:00Z', kind: 'impact', text: 'Errors rise' });
    const finding = addFinding(a, { category: 'went-wrong', text: 'The runbook was stale' });
    const other = addFinding(a, { category: 'lucky', text: 'Low traffic' });
    const action = addAction(a, { title: 'Update runbook' });
    const doomed = addAction(a, { title: 'Doomed' });
    const group = addGroup(a, 'Runbooks', [], 'went-wrong');
    const b = replicaOf(a);

    // a's edits
    setTitle(a, 'EU Checkout outage');
    setSeverity(a, 'SEV1');
    setKeyTime(a, 'started', '2024-05-01T11:58:00Z');
    applyControlPatch(a, { votesPerPerson: 5 });
    updateTimelineEvent(a, event, { text: 'Errors rise sharply', kind: 'detection' });
    addTimelineEvent(a, { at: '2024-05-01T12:30:00Z', kind: 'action', text: 'Rollback' });
    updateFinding(a, finding, { text: 'The failover runbook was stale' });
    setFindingGroup(a, finding, 'g1');
    linkActionToFinding(a, action, finding);
    updateAction(a, action, { title: 'Update the runbook', owner: 'ana' });
    removeAction(a, doomed);
    narrativeFragment(a, 'summary').insert(0, [paragraph('From a.')]);
    renameGroup(a, group, 'Runbooks stale');
    promoteToRootCause(a, { kind: 'group', id: group });
    promoteToRootCause(a, { kind: 'finding', id: finding });

    // b's concurrent edits, some to the same fields
    setTitle(b, 'Checkout outage (May)');
    setSeverity(b, 'SEV2');
    setKeyTime(b, 'resolved', '2024-05-01T14:00:00Z');
    applyControlPatch(b, { anonymity: 'optional', phase: 'findings' });
    updateTimelineEvent(b, event, { text: 'Errors rise at 12:00', source: 'grafana' });
    removeTimelineEvent(b, event);
    updateFinding(b, finding, { text: 'The runbook was stale by a year' });
    moveFinding(b, finding, 'contributing-factor');
    removeFinding(b, other);
    addFinding(b, { category: 'went-well', text: 'Quick rollback', author: 'bo' });
    linkActionToFinding(b, action, finding);
    updateAction(b, action, { status: 'in-progress', due: '2024-06-01' });
    updateAction(b, doomed, { owner: 'ghost' });
    narrativeFragment(b, 'summary').insert(0, [paragraph('From b.')]);
    narrativeFragment(b, 'lessons').insert(0, [paragraph('Practise failovers.')]);
    renameGroup(b, group, 'Old Runbooks');
    const joined = addFinding(b, { category: 'lucky', text: 'Runbook has no owner' });
    addFindingToGroup(b, joined, group);
    promoteToRootCause(b, { kind: 'group', id: group });

    syncAll(a, b);
    const snapshot = reviewSnapshot(a);
    expect(reviewSnapshot(b)).toEqual(snapshot);
    // Both sides' text edits survive; conflicting scalars resolve to one value on both.
    expect(snapshot.meta.title).toBe('EU Checkout outage (May)');
    expect(['SEV1', 'SEV2']).toContain(snapshot.meta.severity);
    expect(snapshot.meta.times).toEqual({ started: '2024-05-01T11:58:00.000Z', resolved: '2024-05-01T14:00:00.000Z' });
    expect(snapshot.timeline.map((item) => item.text)).toEqual(['Rollback']);
    expect(snapshot.findings.find((item) => item.id === finding)).toMatchObject({
      text: 'The failover runbook was stale by a year',
      category: 'contributing-factor',
      groupId: 'g1',
    });
    expect(snapshot.findings.map((item) => item.id)).not.toContain(other);
    expect(snapshot.actions).toEqual([
      expect.objectContaining({
        id: action,
        title: 'Update the runbook',
        owner: 'ana',
        status: 'in-progress',
        findingIds: [finding],
      }),
    ]);
    expect(snapshot.narrative.summary.split('\n').sort()).toEqual(['From a.', 'From b.']);
    expect(snapshot.narrative.lessons).toBe('Practise failovers.');
    expect(snapshot.groups).toEqual([
      expect.objectContaining({ id: group, name: 'Old Runbooks stale', findingIds: [joined], category: 'went-wrong' }),
    ]);
    expect(snapshot.rootCauses.map((candidate) => candidate.id)).toEqual([`group:${group}`, `finding:${finding}`]);
  });

  it('converges on three replicas after seeded random edits and partial syncs', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const peers = fuzzReview(seed, 3, 120);
      const expected = reviewSnapshot(peers[0]!);
      for (const peer of peers.slice(1)) expect(reviewSnapshot(peer), `seed ${seed}`).toEqual(expected);
    }
    // 20 seeds × 3 replicas × 120 edits: about 1 s alone, past 5 s at load 30 (seen in a CI run).
  }, 30_000);

  it('reads a doc full of malformed content without throwing', () => {
    const attacker = new Y.Doc();
    // Wrong root contents and wrong value types, as a buggy or hostile client could send them.
    attacker.getArray('meta').push(['not a map entry']);
    attacker.getMap('timeline').set('x', 1);
    attacker.getArray('findings').push([new Y.Map(), new Y.Array(), 'x', null]);
    attacker.getXmlFragment('narrative:summary').insert(0, [new Y.XmlElement('p'), new Y.XmlText('text')]);
    const victim = new Y.Doc();
    Y.applyUpdate(victim, Y.encodeStateAsUpdate(attacker));
    metaMap(victim).set('title', new Y.Array());
    actionsArray(victim).push([
      new Y.Map<unknown>([
        ['id', 'a'],
        ['findingIds', 'oops'],
        ['title', new Y.Map()],
      ]),
    ]);
    timelineArray(victim).insert(0, [new Y.Text('stray')]);
    findingsArray(victim).push([
      new Y.Map<unknown>([
        ['id', 'f'],
        ['category', 'lucky'],
        ['text', new Y.Array()],
      ]),
    ]);
    const snapshot = reviewSnapshot(victim);
    expect(snapshot.meta.title).toBe('');
    expect(snapshot.timeline).toEqual([]);
    expect(snapshot.findings).toEqual([
      { id: 'f', category: 'lucky', text: '', groupId: null, createdAt: '1970-01-01T00:00:00.000Z' },
    ]);
    expect(snapshot.actions).toEqual([
      {
        id: 'a',
        title: '',
        owner: '',
        due: '',
        status: 'open',
        priority: 'P2',
        type: 'prevent',
        progress: '',
        findingIds: [],
        rootCauseIds: [],
      },
    ]);
    expect(snapshot.narrative.summary).toBe('\ntext');
  });
});

/** Drives `peerCount` replicas of one review with `steps` random edits and random pairwise syncs, then syncs all. */
function fuzzReview(seed: number, peerCount: number, steps: number): Y.Doc[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const origin = newReview('Fuzz');
  const peers = [origin, ...Array.from({ length: peerCount - 1 }, () => replicaOf(origin))];
  const word = () => pick(['db', 'alert', 'rollback', 'pager', 'cache', ' ', '😀'])!;
  const time = () => new Date(Date.UTC(2024, 4, 1, 12, Math.floor(random() * 120))).toISOString();
  const edit = (doc: Y.Doc) => {
    const events = listTimeline(doc);
    const findings = listFindings(doc);
    const actions = listActions(doc);
    const editText = (current: string) => {
      // Edit by code point, as a text input does; a string with half an emoji is sanitised on write.
      const chars = [...current];
      const at = Math.floor(random() * (chars.length + 1));
      const deleteCount = random() < 0.3 ? Math.floor(random() * 3) : 0;
      chars.splice(at, deleteCount, word());
      return chars.join('').slice(0, 200);
    };
    const groups = listGroups(doc);
    const candidates = listRootCauses(doc);
    switch (Math.floor(random() * 17)) {
      case 0:
        return setTitle(doc, editText(readMeta(doc).title));
      case 1:
        return setSeverity(doc, pick(['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const)!);
      case 2:
        return setKeyTime(
          doc,
          pick(['started', 'detected', 'mitigated', 'resolved'] as const)!,
          random() < 0.2 ? null : time(),
        );
      case 3:
        return void addTimelineEvent(doc, { at: time(), kind: pick(TIMELINE_KINDS)!, text: word() });
      case 4: {
        const event = pick(events);
        return event && updateTimelineEvent(doc, event.id, { text: editText(event.text), at: time() });
      }
      case 5: {
        const event = pick(events);
        return event && removeTimelineEvent(doc, event.id);
      }
      case 6:
        return void addFinding(doc, { category: pick(FINDING_CATEGORIES)!, text: word() });
      case 7: {
        const finding = pick(findings);
        return (
          finding &&
          updateFinding(doc, finding.id, { text: editText(finding.text), category: pick(FINDING_CATEGORIES)! })
        );
      }
      case 8: {
        const finding = pick(findings);
        return (
          finding &&
          (random() < 0.5
            ? removeFinding(doc, finding.id)
            : setFindingGroup(doc, finding.id, pick(['g1', 'g2', null])!))
        );
      }
      case 9:
        return void addAction(doc, { title: word() });
      case 10: {
        const action = pick(actions);
        const finding = pick(findings);
        if (!action) return;
        if (finding)
          return random() < 0.7
            ? linkActionToFinding(doc, action.id, finding.id)
            : unlinkActionFromFinding(doc, action.id, finding.id);
        return random() < 0.3
          ? removeAction(doc, action.id)
          : updateAction(doc, action.id, { title: editText(action.title), owner: word() });
      }
      case 12: {
        const finding = pick(findings);
        if (random() < 0.4) return void addGroup(doc, word(), finding ? [finding.id] : [], pick(FINDING_CATEGORIES)!);
        const group = pick(groups);
        if (!group) return;
        if (finding && random() < 0.5) return addFindingToGroup(doc, finding.id, group.id);
        return random() < 0.5
          ? renameGroup(doc, group.id, editText(group.name))
          : random() < 0.5
            ? moveGroup(doc, group.id, pick(FINDING_CATEGORIES)!)
            : removeGroup(doc, group.id);
      }
      case 13: {
        const group = pick(groups);
        const finding = pick(findings);
        if (group && random() < 0.5) return void promoteToRootCause(doc, { kind: 'group', id: group.id });
        return finding && void promoteToRootCause(doc, { kind: 'finding', id: finding.id });
      }
      case 14: {
        const candidate = pick(candidates);
        return candidate && demoteRootCause(doc, candidate.target);
      }
      case 15: {
        const action = pick(actions);
        const candidate = pick(candidates);
        if (!action || !candidate) return;
        return random() < 0.7
          ? linkActionToRootCause(doc, action.id, candidate.id)
          : unlinkActionFromRootCause(doc, action.id, candidate.id);
      }
      case 16: {
        const candidate = pick(candidates);
        return (
          candidate &&
          updateRootCause(
            doc,
            candidate.id,
            random() < 0.5
              ? { weakness: pick([...WEAKNESSES, null])! }
              : { acceptedRisk: random() < 0.3 ? null : word() + '.' },
          )
        );
      }
      default: {
        const fragment = narrativeFragment(doc, pick(NARRATIVE_SECTIONS)!);
        fragment.insert(Math.floor(random() * (fragment.length + 1)), [paragraph(word())]);
      }
    }
  };
  for (let step = 0; step < steps; step++) {
    edit(pick(peers)!);
    if (random() < 0.2) syncAll(pick(peers)!, pick(peers)!);
  }
  syncAll(...peers);
  return peers;
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}
