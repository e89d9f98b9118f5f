import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAction,
  addFinding,
  addGroup,
  addTimelineEvent,
  initReview,
  listFindings,
  listGroups,
  listRootCauses,
  newId,
  promoteToRootCause,
  publishAnonymousFindings,
  type ActionItem,
  type Finding,
  type FindingGroup,
  type RootCauseCandidate,
} from '@hindsight/review';
import {
  actionsForReport,
  findingByline,
  groupFindingsForReport,
  rankRootCausesForReport,
  readReport,
  reuseUnchanged,
} from './report-model';

function newReview(): Y.Doc {
  const doc = new Y.Doc();
  initReview(doc, { title: 'Checkout outage' });
  return doc;
}

const finding = (id: string, overrides: Partial<Finding> = {}): Finding => ({
  id,
  category: 'went-wrong',
  text: `text ${id}`,
  groupId: null,
  createdAt: '2026-03-14T10:00:00.000Z',
  ...overrides,
});

const group = (id: string, overrides: Partial<FindingGroup> = {}): FindingGroup => ({
  id,
  name: `group ${id}`,
  category: 'went-wrong',
  createdAt: '2026-03-14T10:00:00.000Z',
  findingIds: [],
  ...overrides,
});

const candidate = (kind: 'finding' | 'group', id: string): RootCauseCandidate => ({
  id: `${kind}:${id}`,
  target: { kind, id },
  promotedAt: '2026-03-14T10:00:00.000Z',
});

describe('findingByline', () => {
  it('labels anonymous findings "Anonymous", named ones with their author (and who reworded them), unnamed ones not at all', () => {
    expect(findingByline({ anonymous: true })).toBe('Anonymous');
    expect(findingByline({ author: 'Priya' })).toBe('Priya');
    expect(findingByline({ author: '  ' })).toBeNull();
    expect(findingByline({ author: 'Sam', editedBy: 'Ana' })).toBe('Sam · edited by Ana');
    expect(findingByline({})).toBeNull();
  });
});

describe('groupFindingsForReport', () => {
  it('lists every category in board order, groups first (in group order), then the ungrouped findings', () => {
    const findings = [
      finding('a', { groupId: 'g2' }),
      finding('b'),
      finding('c', { groupId: 'g1' }),
      finding('d', { groupId: 'g2' }),
      finding('e', { category: 'lucky', anonymous: true }),
    ];
    const groups = [group('g1'), group('g2'), group('empty')];
    const categories = groupFindingsForReport(findings, groups);
    expect(categories.map((entry) => entry.category)).toEqual([
      'went-well',
      'went-wrong',
      'lucky',
      'contributing-factor',
    ]);
    const wrong = categories[1]!;
    expect(wrong.count).toBe(4);
    expect(wrong.groups.map((entry) => [entry.id, entry.findings.map((f) => f.id)])).toEqual([
      ['g1', ['c']],
      ['g2', ['a', 'd']],
    ]);
    expect(wrong.ungrouped.map((f) => f.id)).toEqual(['b']);
    expect(categories[2]!.ungrouped).toEqual([{ id: 'e', text: 'text e', byline: 'Anonymous', anonymous: true }]);
    expect(categories[0]).toEqual({ category: 'went-well', count: 0, groups: [], ungrouped: [] });
  });

  it('shows a finding loose when its group is gone or sits in another column', () => {
    const findings = [finding('a', { groupId: 'removed' }), finding('b', { groupId: 'g1', category: 'lucky' })];
    const categories = groupFindingsForReport(findings, [group('g1', { category: 'went-wrong' })]);
    expect(categories[1]!.ungrouped.map((f) => f.id)).toEqual(['a']);
    expect(categories[2]!.ungrouped.map((f) => f.id)).toEqual(['b']);
    expect(categories.every((entry) => entry.groups.length === 0)).toBe(true);
  });
});

describe('rankRootCausesForReport', () => {
  const findings = [
    finding('f1', { text: 'No canary for config' }),
    finding('f2', { text: 'Timeout accepts any value', author: 'Sam' }),
    finding('f3', { text: 'Latency alert late', groupId: 'g1' }),
    finding('f4', { text: 'No pool alert', groupId: 'g1', anonymous: true }),
  ];
  const groups = [group('g1', { name: 'Detection', findingIds: ['f3', 'f4'] })];
  const candidates = [candidate('finding', 'f1'), candidate('group', 'g1'), candidate('finding', 'f2')];

  it('keeps promotion order and shows no counts while the tallies are hidden', () => {
    const ranked = rankRootCausesForReport(candidates, findings, groups, null);
    expect(ranked.map((entry) => [entry.title, entry.rank, entry.tally])).toEqual([
      ['No canary for config', null, null],
      ['Detection', null, null],
      ['Timeout accepts any value', null, null],
    ]);
    expect(ranked[1]!.kind).toBe('group');
    expect(ranked[1]!.findings.map((entry) => [entry.text, entry.byline])).toEqual([
      ['Latency alert late', null],
      ['No pool alert', 'Anonymous'],
    ]);
  });

  it('ranks by revealed votes, most first, ties in promotion order sharing a rank; no votes count as 0', () => {
    const ranked = rankRootCausesForReport(candidates, findings, groups, { 'finding:f2': 3, 'group:g1': 3 });
    expect(ranked.map((entry) => [entry.id, entry.rank, entry.tally])).toEqual([
      ['group:g1', 1, 3],
      ['finding:f2', 1, 3],
      ['finding:f1', 3, 0],
    ]);
  });

  it('leaves out candidates whose finding or group is gone', () => {
    const ranked = rankRootCausesForReport([candidate('finding', 'gone'), ...candidates], findings, groups, null);
    expect(ranked).toHaveLength(3);
  });
});

describe('actionsForReport', () => {
  it('orders by priority then due date, marks overdue ones and names the findings they address', () => {
    const action = (overrides: Partial<ActionItem> & Pick<ActionItem, 'id' | 'title'>): ActionItem => ({
      owner: '',
      due: '',
      progress: '',
      status: 'open',
      priority: 'P2',
      type: 'prevent',
      findingIds: [],
      rootCauseIds: [],
      ...overrides,
    });
    const actions = [
      action({ id: 'a1', title: 'Later P2', priority: 'P2', due: '2026-05-01' }),
      action({ id: 'a2', title: 'Late P1', priority: 'P1', due: '2026-03-01', findingIds: ['f1', 'gone'] }),
      action({ id: 'a3', title: 'Soon P1', priority: 'P1', due: '2026-04-01' }),
      action({ id: 'a4', title: 'Done late P1', priority: 'P1', due: '2026-02-01', status: 'done' }),
    ];
    const report = actionsForReport(actions, [finding('f1', { text: 'No canary' })], '2026-03-20');
    expect(report.map((action) => [action.id, action.overdue])).toEqual([
      ['a4', false],
      ['a2', true],
      ['a3', false],
      ['a1', false],
    ]);
    expect(report[1]!.findingTexts).toEqual(['No canary']);
  });
});

describe('readReport', () => {
  it('reads every section of a review document, anonymous findings included', () => {
    const doc = newReview();
    addTimelineEvent(doc, { at: '2026-03-14T10:05:00Z', kind: 'action', text: 'Rolled back' });
    addTimelineEvent(doc, { at: '2026-03-14T09:41:00Z', kind: 'impact', text: 'Errors start' });
    const named = addFinding(doc, { category: 'went-wrong', text: 'Config pushed unreviewed', author: 'Alex' });
    const other = addFinding(doc, { category: 'went-wrong', text: 'No canary' });
    const groupId = addGroup(doc, 'Config changes', [named, other]);
    const anonymousId = newId();
    publishAnonymousFindings(doc, [
      {
        id: anonymousId,
        category: 'contributing-factor',
        text: 'Nobody felt able to roll back',
        createdAt: '2026-03-14T10:00:00Z',
      },
    ]);
    promoteToRootCause(doc, { kind: 'group', id: groupId });
    addAction(doc, { title: 'Canary config pushes', owner: 'Priya', priority: 'P1', findingIds: [other] });

    const report = readReport(doc, '2026-03-20');
    expect(report.meta.title).toBe('Checkout outage');
    expect(report.closing).toEqual({ status: 'live', closedAt: null, closedBy: null });
    expect(report.timeline.map((event) => event.text)).toEqual(['Errors start', 'Rolled back']);
    expect(report.findings[1]!.groups[0]!.findings.map((entry) => [entry.text, entry.byline])).toEqual([
      ['Config pushed unreviewed', 'Alex'],
      ['No canary', null],
    ]);
    expect(report.findings[3]!.ungrouped).toEqual([
      { id: anonymousId, text: 'Nobody felt able to roll back', byline: 'Anonymous', anonymous: true },
    ]);
    expect(report.rootCauses.map((entry) => entry.title)).toEqual(['Config changes']);
    expect(report.actions[0]).toMatchObject({ title: 'Canary config pushes', findingTexts: ['No canary'] });
    expect(report.narrative.summary).toEqual([]);
    expect(listFindings(doc)).toHaveLength(3);
    expect(listGroups(doc)).toHaveLength(1);
    expect(listRootCauses(doc)).toHaveLength(1);
  });
});

describe('reuseUnchanged', () => {
  it('keeps the previous object for every unchanged part, and the previous report when nothing changed', () => {
    const doc = newReview();
    addFinding(doc, { category: 'lucky', text: 'Low traffic' });
    const first = readReport(doc, '2026-03-20');
    expect(reuseUnchanged(first, readReport(doc, '2026-03-20'))).toBe(first);

    addTimelineEvent(doc, { at: '2026-03-14T10:05:00Z', kind: 'action', text: 'Rolled back' });
    const second = reuseUnchanged(first, readReport(doc, '2026-03-20'));
    expect(second).not.toBe(first);
    expect(second.timeline).not.toBe(first.timeline);
    expect(second.findings).toBe(first.findings);
    expect(second.narrative).toBe(first.narrative);
    expect(second.meta).toBe(first.meta);
  });
});
