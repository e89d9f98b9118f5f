/**
 * Fills a review document with the sample incident (the checkout outage of 2026-03-14 from the
 * shared samples): key times, narrative, the CSV timeline, findings in groups, root causes and
 * action items. Used for the README screenshot and for demos; everything goes through the model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import {
  addAction,
  addFinding,
  addGroup,
  addImportedEvents,
  narrativeFragment,
  parseTimelineImport,
  promoteToRootCause,
  setKeyTime,
  setSeverity,
  setTitle,
  type FindingCategory,
  type NarrativeSection,
} from '@hindsight/review';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/review/src/fixtures');

const NARRATIVE: Record<NarrativeSection, string> = {
  summary:
    "A configuration push (cfg-2291) cut the payments database pool's idle timeout from 300 s to 3 s. Connections churned, the pool ran dry, and for about 40 minutes up to 38% of EU checkouts failed. Rolling the change back restored service; failed payment webhooks were replayed afterwards.",
  impact:
    'Between 09:41 and 10:23 UTC up to 38% of EU checkout attempts failed. 1,873 payment webhooks failed and were replayed; 12 needed manual review.',
  detection:
    'The checkout-api p99 latency alert fired 19 minutes after the push. Nothing watched pool usage or the payment error rate.',
  resolution:
    'The incident commander chose to roll back cfg-2291 rather than fix forward; pool usage fell to 60/200 at 10:23. Webhooks were replayed by 11:25.',
  lessons:
    'Config pushes to the payments database deserve the review and canary that code gets. Alert on error rate, not only on latency.',
};

const FINDINGS: Array<[FindingCategory, string, string]> = [
  ['went-well', 'Rollback took 8 minutes once decided', 'Priya'],
  ['went-well', 'Status page updated within a minute of recovery', 'Sam'],
  ['went-well', 'Webhook replay reconciled all but 12 payments', 'Jordan'],
  ['went-wrong', 'Config push went out without review', 'Alex'],
  ['went-wrong', 'Pager went to the old rota', 'Sam'],
  ['went-wrong', 'Latency alert fired 19 minutes after the push', 'Priya'],
  ['lucky', 'Traffic was low (Saturday morning)', 'Jordan'],
  ['lucky', 'An engineer who knew the pool settings was online', 'Alex'],
  ['contributing-factor', 'No canary for configuration changes', 'Priya'],
  ['contributing-factor', 'Pool idle timeout accepts any value', 'Sam'],
  ['contributing-factor', 'No alert on pool exhaustion', 'Alex'],
];

/** A calendar date `days` from today (YYYY-MM-DD), so the sample's due dates stay realistic. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Writes the sample incident into `doc` (an initialised review) in one transaction per part. */
export function fillSampleReview(doc: Y.Doc): void {
  setTitle(doc, 'Checkout errors during payment provider slowdown');
  setSeverity(doc, 'SEV2');
  setKeyTime(doc, 'started', '2026-03-14T09:41:00Z');
  setKeyTime(doc, 'detected', '2026-03-14T10:00:15Z');
  setKeyTime(doc, 'mitigated', '2026-03-14T10:23:00Z');
  setKeyTime(doc, 'resolved', '2026-03-14T11:25:00Z');
  doc.transact(() => {
    for (const [section, text] of Object.entries(NARRATIVE) as Array<[NarrativeSection, string]>) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      narrativeFragment(doc, section).insert(0, [paragraph]);
    }
  });
  const csv = parseTimelineImport(fs.readFileSync(path.join(fixtures, 'timeline.csv'), 'utf8'), { format: 'csv' });
  addImportedEvents(doc, csv.events);
  const ids = new Map<string, string>();
  doc.transact(() => {
    for (const [category, text, author] of FINDINGS) ids.set(text, addFinding(doc, { category, text, author }));
  });
  const id = (text: string) => ids.get(text)!;
  const config = addGroup(doc, 'Config changes', [
    id('Config push went out without review'),
    id('No canary for configuration changes'),
  ]);
  const detection = addGroup(doc, 'Detection', [
    id('Latency alert fired 19 minutes after the push'),
    id('No alert on pool exhaustion'),
  ]);
  promoteToRootCause(doc, { kind: 'group', id: config });
  promoteToRootCause(doc, { kind: 'finding', id: id('Pool idle timeout accepts any value') });
  promoteToRootCause(doc, { kind: 'group', id: detection });
  addAction(doc, {
    title: 'Require review and a canary stage for payments database config pushes',
    owner: 'Priya',
    due: inDays(12),
    priority: 'P1',
    type: 'prevent',
    status: 'in-progress',
    findingIds: [id('Config push went out without review'), id('No canary for configuration changes')],
  });
  addAction(doc, {
    title: 'Alert on checkout error rate above 2% for 3 minutes',
    owner: 'Sam',
    due: inDays(-3),
    priority: 'P1',
    type: 'mitigate',
    findingIds: [id('Latency alert fired 19 minutes after the push')],
  });
  addAction(doc, {
    title: 'Reject pool idle timeouts below 60 s in the config schema',
    owner: 'Alex',
    due: inDays(20),
    priority: 'P2',
    type: 'prevent',
    findingIds: [id('Pool idle timeout accepts any value')],
  });
  addAction(doc, {
    title: 'Move the on-call rota into the paging tool',
    owner: 'Jordan',
    due: inDays(-10),
    priority: 'P2',
    type: 'process',
    status: 'done',
    findingIds: [id('Pager went to the old rota')],
  });
}
