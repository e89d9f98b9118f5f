/**
 * Fills a review document with the sample incident (`fillSampleIncident` from @hindsight/review/testing, the
 * checkout outage of 2026-03-14 from the shared samples), held now, plus what a demo shows beyond it:
 * a plain-text narrative, the CSV timeline and two more findings. Used for the README screenshot and
 * for demos; everything goes through the model.
 */
import * as Y from 'yjs';
import {
  addFinding,
  addImportedEvents,
  narrativeFragment,
  parseTimelineImport,
  type NarrativeSection,
} from '@hindsight/review';
import { fillSampleIncident, readFixture } from '@hindsight/review/testing';

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

/** Writes the sample incident into `doc` (an initialised review) in one transaction per part. */
export function fillSampleReview(doc: Y.Doc): void {
  fillSampleIncident(doc, { at: new Date().toISOString() });
  doc.transact(() => {
    for (const [section, text] of Object.entries(NARRATIVE) as Array<[NarrativeSection, string]>) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      narrativeFragment(doc, section).insert(0, [paragraph]);
    }
  });
  const csv = parseTimelineImport(readFixture('timeline.csv'), { format: 'csv' });
  addImportedEvents(doc, csv.events);
  // Two more, each the last of its column as the demo has always shown it.
  doc.transact(() => {
    addFinding(doc, { category: 'went-well', text: 'Webhook replay reconciled all but 12 payments', author: 'Jordan' });
    addFinding(doc, { category: 'lucky', text: 'An engineer who knew the pool settings was online', author: 'Alex' });
  });
}
