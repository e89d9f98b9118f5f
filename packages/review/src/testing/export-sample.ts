/**
 * Test support (exported only from `@hindsight/review/testing`): the sample incident (`fillSampleIncident`) built
 * deterministically for the export's golden files, plus what an export must handle: rich narrative
 * text, authors typed two ways or missing, a note reworded by someone else, anonymous findings (one
 * in a group), a finding, an event and action items written to break Markdown and CSV, revealed and
 * locked vote tallies, and a closed review. Every time is fixed; ids are random, which the export never shows.
 */
import * as Y from 'yjs';
import { CONTEXT_FIELDS, type EventContext, type NarrativeSection } from '../schema';
import { addAction, updateAction } from '../actions';
import { publishAnonymousFindings } from '../anonymous';
import { applyControlPatch, closeReview, writeTallies } from '../control';
import { findingsArray, groupsMap, rootCausesArray } from '../doc';
import { addFinding, recordFindingEditor, updateFinding } from '../findings';
import { fillSampleIncident } from './sample-incident';
import { addFindingToGroup, moveGroup } from '../groups';
import { narrativeFragment } from '../narrative';
import { promoteToRootCause, rootCauseId, updateRootCause, type RootCauseTarget } from '../root-causes';
import { addTimelineEvent, removeTimelineEvent } from '../timeline';
import { EVENT_REF_ATTR, EVENT_REF_NODE } from '../citations';
import { addEventContext, eventContextText } from '../event-context';

/**
 * Every participant name the sample uses, for checks that a redacted export shows none: authors,
 * owners and who closed it, plus people named only in timeline sources ("Ana Ruiz", "pager · Chen
 * Li"), who are also mentioned in free text (as "Ana", or "Chen Li" half bold).
 */
export const SAMPLE_NAMES = ['Priya', 'Sam', 'Jordan', 'Alex', 'Ana Ruiz', 'Chen Li'] as const;

/** The hostile finding's text: HTML, Markdown syntax, a table pipe and a line break. */
export const HOSTILE_FINDING =
  '<img src=x onerror=alert(1)> **not bold** [click](javascript:alert(1)) | col\n# not a heading';

type Inline = string | [string, Record<string, unknown>];

function paragraph(...runs: Inline[]): Y.XmlElement {
  return element('paragraph', {}, [text(...runs)]);
}

function text(...runs: Inline[]): Y.XmlText {
  const node = new Y.XmlText();
  node.applyDelta(
    runs.map((run) => (typeof run === 'string' ? { insert: run } : { insert: run[0], attributes: run[1] })),
  );
  return node;
}

function element(name: string, attrs: Record<string, unknown>, children: (Y.XmlElement | Y.XmlText)[]): Y.XmlElement {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value as string);
  node.insert(0, children);
  return node;
}

function citation(eventId: string): Y.XmlElement {
  return element(EVENT_REF_NODE, { [EVENT_REF_ATTR]: eventId }, []);
}

function list(name: 'bulletList' | 'orderedList', items: (Y.XmlElement | Y.XmlText)[][]): Y.XmlElement {
  const attrs = name === 'orderedList' ? { start: 1 } : {};
  return element(
    name,
    attrs,
    items.map((children) => element('listItem', {}, children)),
  );
}

// The narrative as y-prosemirror stores what Tiptap's StarterKit writes.
function narrative(): Record<NarrativeSection, (Y.XmlElement | Y.XmlText)[]> {
  return {
    summary: [
      paragraph(
        'A configuration push (',
        ['cfg-2291', { code: {} }],
        ') cut the payments database pool’s idle timeout from 300 s to 3 s. ',
        ['Up to 38% of EU checkouts failed', { bold: {} }],
        ' for about ',
        ['40 minutes', { bold: {}, italic: {} }],
        '. See the ',
        ['change record', { link: { href: 'https://example.com/changes/cfg-2291', target: '_blank' } }],
        '.',
      ),
    ],
    impact: [
      list('bulletList', [
        [paragraph('38% of EU checkout attempts failed between 09:41 and 10:23 UTC')],
        [
          paragraph('1,873 payment webhooks failed and were replayed'),
          list('bulletList', [[paragraph('12 needed ', ['manual', { italic: {} }], ' review')]]),
        ],
      ]),
    ],
    detection: [
      element('heading', { level: 4 }, [text('Signals')]),
      paragraph('The checkout-api p99 latency alert fired 19 minutes after the push.'),
      paragraph(
        'Nothing watched pool usage or the payment error rate; ',
        ['Chen', { bold: {} }],
        ' Li saw it by chance.',
      ),
    ],
    resolution: [
      list('orderedList', [
        [paragraph('Ana rolled back cfg-2291 at 10:19')],
        [paragraph('Pool usage fell to 60/200 at 10:23')],
        [paragraph('Webhooks replayed by 11:25')],
      ]),
    ],
    lessons: [
      element('blockquote', {}, [paragraph('Config is code: review it, canary it.')]),
      element('paragraph', {}, [
        text('Alert on error rate,'),
        element('hardBreak', {}, []),
        text(['not only on latency.', { strike: {} }]),
      ]),
    ],
  };
}

/** A fresh Y.Doc holding the sample review. */
export function buildSampleReview(): Y.Doc {
  const doc = new Y.Doc();
  const incident = fillSampleIncident(doc, { at: '2026-03-16T14:00:00.000Z' });
  const id = (findingText: string) => incident.findingIds.get(findingText)!;
  doc.transact(() => {
    for (const [section, blocks] of Object.entries(narrative()) as Array<[NarrativeSection, Y.XmlElement[]]>) {
      narrativeFragment(doc, section).insert(0, blocks);
    }
  });

  // Entered out of order on purpose: the export lists them by time.
  const alert = addTimelineEvent(doc, {
    at: '2026-03-14T10:00:15Z',
    kind: 'detection',
    text: 'checkout-api p99 latency alert fires',
    source: 'pager · Chen Li',
    // paged during a handover: seen minutes after it fired, which time to detect counts
    learnedAt: '2026-03-14T10:04:00Z',
  });
  addTimelineEvent(doc, {
    at: '2026-03-14T09:41:00Z',
    kind: 'action',
    text: 'Config push cfg-2291 changes the pool idle timeout from 300s to 3s',
    source: 'deploy log',
  });
  addTimelineEvent(doc, {
    at: '2026-03-14T10:06:30Z',
    kind: 'impact',
    text: 'Payment error rate reaches 38% in EU | dashboards\nshow *red*',
    source: 'grafana | eu-west-1',
    // nobody had this dashboard open when SEV2 was declared at 10:08
    learnedAt: '2026-03-14T10:11:00Z',
  });
  const declared = addTimelineEvent(doc, {
    at: '2026-03-14T10:08:00Z',
    kind: 'decision',
    text: 'SEV2 declared; IC assigned to priya',
    source: 'Ana Ruiz',
  });
  addTimelineEvent(doc, {
    at: '2026-03-14T10:12:00Z',
    kind: 'communication',
    text: '<script>alert("status")</script> Status page: investigating',
  });
  const rollback = addTimelineEvent(doc, {
    at: '2026-03-14T10:19:00Z',
    kind: 'action',
    text: 'Rollback of cfg-2291 started',
    source: 'deploy log',
  });
  addTimelineEvent(doc, { at: '2026-03-14T11:25:00Z', kind: 'other', text: 'Webhook replay finished', source: '' });
  // Citations: of an event in bold text, of another, and of one removed since it was cited.
  const duplicate = addTimelineEvent(doc, { at: '2026-03-14T10:01:00Z', kind: 'other', text: 'Duplicate page' });
  removeTimelineEvent(doc, duplicate);
  narrativeFragment(doc, 'detection').push([
    element('paragraph', {}, [
      text('First signal: ', ['the page ', { bold: {} }]),
      citation(alert),
      text([' (and a second page:', { bold: {} }], ' '),
      citation(duplicate),
      text(').'),
    ]),
  ]);
  narrativeFragment(doc, 'resolution').push([
    element('paragraph', {}, [text('It ended with '), citation(rollback), text('.')]),
  ]);
  writeContext(doc, declared, {
    known: 'Latency alert only;\nno error-rate signal. Ana Ruiz had seen cfg-2291 | *merged*',
    goal: 'Get one person coordinating',
  });
  addEventContext(doc, rollback);
  writeContext(doc, rollback, { pressures: 'EU checkout failing; the change owner was asleep' });

  // Authors as people leave them: a name typed another way, and a finding nobody signed.
  setStoredAuthor(doc, id('Latency alert fired 19 minutes after the push'), 'priya ');
  setStoredAuthor(doc, id('Pool idle timeout accepts any value'), undefined);
  // A note someone other than its author reworded.
  recordFindingEditor(doc, id('Latency alert fired 19 minutes after the push'), 'Sam');
  addFinding(doc, {
    category: 'went-wrong',
    text: HOSTILE_FINDING,
    author: 'Jordan',
    createdAt: '2026-03-16T14:09:00.000Z',
  });
  publishAnonymousFindings(doc, [
    {
      id: 'anonymousFindingNumber1',
      category: 'went-wrong',
      text: 'Nobody felt able to question the push',
      createdAt: '2026-03-16T14:15:00Z',
    },
    {
      id: 'anonymousFindingNumber2',
      category: 'lucky',
      text: 'The one person who knew the pool settings was online',
      createdAt: '2026-03-16T14:15:00Z',
    },
    {
      id: 'anonymousFindingNumber3',
      category: 'contributing-factor',
      text: 'Config review was optional for “small” changes',
      createdAt: '2026-03-16T14:15:00Z',
    },
  ]);

  const { config, detection } = incident.groupIds;
  // Here the config changes count as a contributing factor, one of them anonymous.
  moveGroup(doc, config, 'contributing-factor');
  addFindingToGroup(doc, 'anonymousFindingNumber3', config);
  setCreatedAt(doc, config, '2026-03-16T14:30:00.000Z');
  setCreatedAt(doc, detection, '2026-03-16T14:31:00.000Z');

  const anonymousCandidate: RootCauseTarget = { kind: 'finding', id: 'anonymousFindingNumber1' };
  promoteToRootCause(doc, anonymousCandidate);
  const targets = [...incident.rootCauses, anonymousCandidate];
  targets.forEach((target, index) => {
    setPromotedAt(doc, rootCauseId(target), new Date(Date.UTC(2026, 2, 16, 14, 40 + index)).toISOString());
  });

  // Action items as people edit them: a formula for a title, quotes, a lowercase owner, no due date.
  const [, , timeoutAction, rotaAction] = incident.actionIds;
  updateAction(doc, timeoutAction!, {
    title: '=HYPERLINK("https://evil.example","Reject pool idle timeouts below 60 s")',
  });
  updateAction(doc, rotaAction!, {
    title: 'Move the on-call rota into the paging tool, "properly"',
    owner: 'jordan',
    due: '',
    priority: 'P3',
  });
  // Traceability: a direct link to the config group's candidacy, weaknesses, and an accepted risk on
  // the anonymous candidate, which no action addresses.
  addAction(doc, {
    title: 'Write the config review policy',
    priority: 'P2',
    type: 'process',
    rootCauseIds: [rootCauseId({ kind: 'group', id: config })],
    weakness: 'deployment-rollback',
  });
  updateAction(doc, timeoutAction!, { weakness: 'testing', progress: 'Canary check drafted; review on Friday' });
  updateRootCause(doc, rootCauseId({ kind: 'group', id: config }), { weakness: 'deployment-rollback' });
  updateRootCause(doc, rootCauseId(anonymousCandidate), {
    weakness: 'communication-escalation',
    acceptedRisk: 'Covered by the team’s next retro on speaking up',
  });
  updateFinding(doc, 'anonymousFindingNumber3', { weakness: 'deployment-rollback' });

  applyControlPatch(doc, { anonymity: 'optional', votesPerPerson: 5, voting: 'locked', votesRevealed: true });
  writeTallies(doc, {
    [rootCauseId(targets[0]!)]: 6,
    [rootCauseId(targets[1]!)]: 3,
    [rootCauseId(targets[2]!)]: 6,
    // the anonymous candidate got none: no entry, read as 0
  });
  closeReview(doc, { by: 'Priya', at: '2026-03-16T15:02:00.000Z' });
  return doc;
}

/** Writes a finding's stored author directly: the model fixes an author at creation, this sample restages it. */
function setStoredAuthor(doc: Y.Doc, findingId: string, author: string | undefined): void {
  for (const entry of findingsArray(doc)) {
    if (!(entry instanceof Y.Map) || entry.get('id') !== findingId) continue;
    if (author === undefined) entry.delete('author');
    else entry.set('author', author);
  }
}

function setCreatedAt(doc: Y.Doc, groupId: string, createdAt: string): void {
  (groupsMap(doc).get(groupId) as Y.Map<unknown>).set('createdAt', createdAt);
}

function setPromotedAt(doc: Y.Doc, candidateId: string, promotedAt: string): void {
  for (const entry of rootCausesArray(doc)) {
    if (entry instanceof Y.Map && entry.get('id') === candidateId) entry.set('promotedAt', promotedAt);
  }
}

function writeContext(doc: Y.Doc, id: string, context: Partial<EventContext>): void {
  for (const field of CONTEXT_FIELDS) {
    const answer = context[field];
    if (answer !== undefined) eventContextText(doc, id, field)!.insert(0, answer);
  }
}
