import { describe, expect, it } from 'vitest';
import { addAction, linkActionToFinding, linkActionToRootCause, updateAction } from './actions';
import { traceCoverage } from './coverage';
import { addFinding } from './findings';
import { addGroup } from './groups';
import { readCoverage } from './health';
import { promoteToRootCause, updateRootCause } from './root-causes';
import { newReview, replicaOf, syncAll } from './testing/docs';

describe('traceCoverage', () => {
  it('counts direct links and links to the candidate’s findings, marks the rest uncovered', () => {
    const doc = newReview();
    const lone = addFinding(doc, { category: 'contributing-factor', text: 'No canary' });
    const member = addFinding(doc, { category: 'went-wrong', text: 'Alert muted' });
    const other = addFinding(doc, { category: 'went-wrong', text: 'Slow page' });
    const group = addGroup(doc, 'Alerting', [member]);
    const byFinding = promoteToRootCause(doc, { kind: 'finding', id: lone });
    const byGroup = promoteToRootCause(doc, { kind: 'group', id: group });
    const byOther = promoteToRootCause(doc, { kind: 'finding', id: other });
    const canary = addAction(doc, { title: 'Canary', rootCauseIds: [byFinding] });
    const route = addAction(doc, { title: 'Route alerts', findingIds: [member] });
    const { coverage } = readCoverage(doc);
    expect(coverage.rootCauses).toEqual([
      {
        rootCauseId: byFinding,
        actions: [{ actionId: canary, via: 'root-cause', counts: true }],
        state: 'covered',
        acceptedRisk: null,
      },
      {
        rootCauseId: byGroup,
        actions: [{ actionId: route, via: 'finding', counts: true }],
        state: 'covered',
        acceptedRisk: null,
      },
      { rootCauseId: byOther, actions: [], state: 'uncovered', acceptedRisk: null },
    ]);
    expect(coverage.actions).toEqual([
      { actionId: canary, rootCauseIds: [byFinding], findingIds: [] },
      { actionId: route, rootCauseIds: [byGroup], findingIds: [member] },
    ]);
  });

  it('an accepted risk covers a root cause without actions; a won’t-do action covers nothing', () => {
    const doc = newReview();
    const finding = addFinding(doc, { category: 'went-wrong', text: 'x' });
    const candidate = promoteToRootCause(doc, { kind: 'finding', id: finding });
    const action = addAction(doc, { title: 'Maybe', rootCauseIds: [candidate], status: 'wont-do' });
    expect(readCoverage(doc).coverage.rootCauses[0]).toMatchObject({
      state: 'uncovered',
      actions: [{ actionId: action, counts: false }],
    });
    updateRootCause(doc, candidate, { acceptedRisk: 'Too rare to fix' });
    expect(readCoverage(doc).coverage.rootCauses[0]).toMatchObject({
      state: 'accepted',
      acceptedRisk: 'Too rare to fix',
    });
    updateAction(doc, action, { status: 'open' });
    expect(readCoverage(doc).coverage.rootCauses[0]).toMatchObject({
      state: 'covered',
      acceptedRisk: 'Too rare to fix',
    });
  });

  it('a direct link wins over a finding link for the same action', () => {
    const coverage = traceCoverage(
      [{ id: 'finding:f', findingIds: ['f'] }],
      [{ id: 'a', status: 'open', findingIds: ['f'], rootCauseIds: ['finding:f'] }],
    );
    expect(coverage.rootCauses[0]!.actions).toEqual([{ actionId: 'a', via: 'root-cause', counts: true }]);
  });

  it('two replicas linking at once both see the root cause covered after sync', () => {
    const a = newReview();
    const finding = addFinding(a, { category: 'went-wrong', text: 'x' });
    const candidate = promoteToRootCause(a, { kind: 'finding', id: finding });
    const first = addAction(a, { title: 'One' });
    const second = addAction(a, { title: 'Two' });
    const b = replicaOf(a);
    linkActionToRootCause(a, first, candidate);
    linkActionToFinding(b, second, finding);
    syncAll(a, b);
    for (const doc of [a, b]) {
      expect(readCoverage(doc).coverage.rootCauses[0]!.actions.map((entry) => entry.actionId)).toEqual([first, second]);
    }
  });
});
