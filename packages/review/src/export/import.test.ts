import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { isAnonymousFinding } from '../anonymous';
import { anonymousMap, findingsArray } from '../doc';
import { addFinding, listFindings } from '../findings';
import { eventContextText } from '../event-context';
import { listTimeline } from '../timeline';
import { applyControlPatch, readControl } from '../control';
import { newReview } from '../testing/docs';
import { ReviewInputError } from '../validate';
import { checkExport } from './check-export';
import { importReview } from './import';
import { redactExport } from './redact';
import { buildSampleReview } from '../testing/export-sample';
import { toExport, type ReviewExportData } from './to-export';

const at = { exportedAt: '2026-03-17T08:00:00.000Z', createdAt: null };

function imported(data: ReviewExportData): Y.Doc {
  const doc = new Y.Doc();
  importReview(doc, JSON.parse(JSON.stringify(data)) as ReviewExportData);
  return doc;
}

describe('importReview', () => {
  const source = toExport(buildSampleReview(), at);

  it('round-trips: export, import, export gives the same review', () => {
    const doc = imported(source);
    expect(toExport(doc, at)).toEqual(source);
    // and again, from the copy
    expect(toExport(imported(toExport(doc, at)), at)).toEqual(source);
  });

  it('carries context and learnedAt into collaborative fields: a context on an action stays shown', () => {
    const doc = imported(source);
    const events = listTimeline(doc);
    const rollback = events.find((event) => event.text === 'Rollback of cfg-2291 started')!;
    expect(rollback.context?.pressures).toBe('EU checkout failing; the change owner was asleep');
    expect(events.find((event) => event.kind === 'detection')?.learnedAt).toBe('2026-03-14T10:04:00.000Z');
    eventContextText(doc, rollback.id, 'known')!.insert(0, 'Rollback was tested');
    expect(listTimeline(doc).find((event) => event.id === rollback.id)?.context?.known).toBe('Rollback was tested');
  });

  it('publishes anonymous findings into the server-owned root, with no author and a coarse time', () => {
    const doc = new Y.Doc();
    const { anonymousFindingIds } = importReview(doc, source);
    expect(anonymousFindingIds).toHaveLength(3);
    for (const id of anonymousFindingIds) expect(isAnonymousFinding(doc, id)).toBe(true);
    const anonymous = listFindings(doc).filter((finding) => finding.anonymous);
    expect(anonymous.map((finding) => finding.id)).toEqual(anonymousFindingIds);
    for (const finding of anonymous) {
      expect(finding).not.toHaveProperty('author');
      expect(Date.parse(finding.createdAt) % (15 * 60 * 1000)).toBe(0);
    }
    // the placement entry carries no words and no author (a weakness is shared placement data)
    for (const entry of findingsArray(doc).toArray() as Y.Map<unknown>[]) {
      if (entry.get('anonymous') === true)
        expect([...entry.keys()].filter((key) => key !== 'weakness').sort()).toEqual([
          'anonymous',
          'category',
          'createdAt',
          'groupId',
          'id',
        ]);
    }
    expect(anonymousMap(doc).size).toBe(3);
  });

  it('keeps the controls: locked vote with its tallies, closed by whom and when', () => {
    const control = readControl(imported(source));
    expect(control).toMatchObject({
      anonymity: 'optional',
      voting: 'locked',
      votesRevealed: true,
      votesPerPerson: 5,
      status: 'closed',
      closedBy: 'Priya',
      closedAt: '2026-03-16T15:02:00.000Z',
      phase: 'closed',
    });
    expect(Object.values(control.tallies!).sort()).toEqual([0, 3, 6, 6]);
  });

  it('mints new ids: nothing of the source document is reused', () => {
    const sourceDoc = buildSampleReview();
    const ids = (doc: Y.Doc) => new Set(listFindings(doc).map((finding) => finding.id));
    const copy = imported(toExport(sourceDoc, at));
    const shared = [...ids(copy)].filter((id) => ids(sourceDoc).has(id));
    expect(shared).toEqual([]);
  });

  it('keeps the authors of named findings even when the review is now anonymous', () => {
    const doc = newReview();
    addFinding(doc, { category: 'lucky', text: 'named before the switch', author: 'Ana' });
    applyControlPatch(doc, { anonymity: 'anonymous' });
    const copy = imported(toExport(doc, at));
    expect(listFindings(copy)[0]).toMatchObject({ author: 'Ana' });
    expect(readControl(copy).anonymity).toBe('anonymous');
  });

  it('imports a redacted export as a review with the neutral labels', () => {
    const copy = imported(redactExport(source));
    expect(readControl(copy).closedBy).toBe('Participant 1');
    expect(
      listFindings(copy)
        .map((finding) => finding.author)
        .filter(Boolean),
    ).not.toContain('Priya');
  });

  it('builds paragraphs from plain text when a section gives no rich text', () => {
    const data = structuredClone(source) as ReviewExportData;
    (data.narrative.summary as { text: string; doc?: unknown }).doc = undefined;
    data.narrative.summary.text = 'first line\nsecond line';
    const copy = toExport(imported(data), at);
    expect(copy.narrative.summary.text).toBe('first line\nsecond line');
    expect(copy.narrative.summary.doc.content).toHaveLength(2);
  });
});

describe('importReview refuses a bad file, naming the field, and writes nothing', () => {
  const source = toExport(buildSampleReview(), at);
  const broken = (change: (data: any) => void): unknown => {
    const data = structuredClone(source) as any;
    change(data);
    return data;
  };
  const cases: Array<[string, unknown, RegExp]> = [
    ['not an object', 'hello', /file must be an object/],
    ['another format', broken((d) => (d.format = 'trello')), /format must be "hindsight-review"/],
    ['a future version', broken((d) => (d.version = 2)), /version must be 1/],
    ['a bad severity', broken((d) => (d.review.severity = 'SEV0')), /review\.severity must be one of/],
    ['a long title', broken((d) => (d.review.title = 'x'.repeat(201))), /review\.title must be at most 200/],
    [
      'a zone-less time',
      broken((d) => (d.timeline[2].at = '2026-03-14T10:06:30')),
      /timeline\.2\.at must be an ISO 8601/,
    ],
    ['an unknown category', broken((d) => (d.findings[3].category = 'meh')), /findings\.3\.category must be one of/],
    [
      'an anonymous finding with an author',
      broken((d) => (d.findings[10].author = 'Sam')),
      /findings\.10\.author: an anonymous finding has no author/,
    ],
    [
      'an anonymous finding naming its editor',
      broken((d) => (d.findings[10].editedBy = 'Sam')),
      /findings\.10\.editedBy: an anonymous finding names no editor/,
    ],
    [
      'an editor without an author',
      broken((d) => (d.findings[7].editedBy = 'Sam')),
      /findings\.7\.editedBy: only a finding with an author names who edited it/,
    ],
    ['a dangling group', broken((d) => (d.findings[0].group = 'G9')), /findings\.0\.group: no group has ref "G9"/],
    ['a repeated ref', broken((d) => (d.findings[1].ref = 'F1')), /findings\.1\.ref: "F1" is used twice/],
    [
      'a dangling link',
      broken((d) => (d.actions[0].findingRefs = ['F99'])),
      /actions\.0\.findingRefs\.0: no finding has ref "F99"/,
    ],
    ['a bad due date', broken((d) => (d.actions[1].due = '2026-02-30')), /actions\.1\.due must be a date/],
    [
      'a root cause promoted twice',
      broken((d) => d.rootCauses.push(d.rootCauses[0])),
      /rootCauses\.4\.target: group "G1" is promoted twice/,
    ],
    ['a negative tally', broken((d) => (d.rootCauses[1].votes = -1)), /rootCauses\.1\.votes must be an integer/],
    [
      'a link to a finding that is not a root cause',
      broken((d) => d.actions[0].rootCauseTargets.push({ kind: 'finding', ref: 'F1' })),
      /actions\.0\.rootCauseTargets\.0: no root cause is the finding "F1"/,
    ],
    [
      'a weakness outside the taxonomy',
      broken((d) => (d.rootCauses[0].weakness = 'bad-luck')),
      /rootCauses\.0\.weakness must be one of/,
    ],
    [
      'an accepted risk without a reason',
      broken((d) => (d.rootCauses[0].acceptedRisk = '  ')),
      /rootCauses\.0\.acceptedRisk: an accepted risk needs a reason/,
    ],
    [
      'a context answer that is not text',
      broken((d) => (d.timeline[3].context = { known: 42 } as never)),
      /timeline\.3\.context\.known must be a string/,
    ],
    ['a bad learnedAt', broken((d) => (d.timeline[1].learnedAt = '10:04')), /timeline\.1\.learnedAt/],
    [
      'an unknown node in the narrative',
      broken((d) => (d.narrative.lessons.doc.content[0].type = 'iframe')),
      /narrative\.lessons\.doc\.content\.0\.type: unknown node type "iframe"/,
    ],
  ];
  for (const [name, input, message] of cases) {
    it(name, () => {
      const doc = new Y.Doc();
      expect(() => importReview(doc, input as ReviewExportData)).toThrowError(ReviewInputError);
      expect(() => importReview(doc, input as ReviewExportData)).toThrowError(message);
      expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
    });
  }

  it('imports a file from before traceability: no weaknesses, accepted risks or root-cause links', () => {
    const old = structuredClone(source) as any;
    for (const finding of old.findings) delete finding.weakness;
    for (const rootCause of old.rootCauses) {
      delete rootCause.weakness;
      delete rootCause.acceptedRisk;
    }
    for (const action of old.actions) {
      delete action.weakness;
      delete action.rootCauseTargets;
    }
    const exported = toExport(imported(old as ReviewExportData), at);
    expect(exported.actions.map((action) => action.rootCauseTargets)).toEqual(source.actions.map(() => []));
    expect(
      exported.rootCauses.every((rootCause) => rootCause.acceptedRisk === null && rootCause.weakness === null),
    ).toBe(true);
  });

  it('refuses to import into a review that already exists', () => {
    expect(() => importReview(newReview(), source)).toThrowError(/fresh document/);
  });

  it('fills in what a hand-written file may leave out', () => {
    const minimal = checkExport({
      format: 'hindsight-review',
      version: 1,
      review: { title: 'Hand-written', severity: 'SEV4' },
      facilitation: {
        anonymity: 'named',
        phase: 'timeline',
        votesPerPerson: 3,
        votesPerCandidate: null,
        voting: 'not-started',
        votesRevealed: false,
        release: 'batch',
      },
      timeline: [{ at: '2026-01-01T00:00:00+01:00', kind: 'other', text: 'x' }],
      findings: [],
    });
    expect(minimal.timeline[0]).toEqual({
      at: '2025-12-31T23:00:00.000Z',
      kind: 'other',
      text: 'x',
      source: '',
      learnedAt: null,
      context: null,
    });
    expect(minimal.review.keyTimes).toEqual({ started: null, detected: null, mitigated: null, resolved: null });
    expect(minimal.narrative.summary.doc).toEqual({ type: 'doc', content: [] });
    const doc = new Y.Doc();
    importReview(doc, minimal);
    expect(toExport(doc).review.title).toBe('Hand-written');
  });
});
