import { describe, expect, it } from 'vitest';
import { guessTimelineKind, parseTimelineImport } from './index';

describe('timeline import: kinds', () => {
  it('guesses kinds from message words and falls back to other', () => {
    expect(guessTimelineKind('decision: roll back')).toBe('decision');
    expect(guessTimelineKind('[FIRING] latency')).toBe('detection');
    expect(guessTimelineKind('Status page updated')).toBe('communication');
    expect(guessTimelineKind('rollback started')).toBe('action');
    expect(guessTimelineKind('lunch')).toBe('other');
  });

  // The model's kinds: detection, action, decision, communication, impact, other. There is no
  // resolution or mitigation kind: recovering is an action, like a pager's resolve entry.
  it.each([
    // the sample chat export, message by message
    ['[FIRING] checkout-api p99 latency > 2s for 5m (eu-west-1)', 'detection'],
    ['ack, looking. error rate on /pay is climbing too', 'action'],
    ['DB connection pool for payments-db is saturated: 200/200 in use', 'other'],
    ["I'm IC. Declaring SEV2: customers cannot complete checkout in EU. Status page update in 10 min", 'decision'],
    ['support queue: 140 tickets about failed payments in the last 15 minutes', 'impact'],
    ['decision: roll back the config push rather than hotfix forward', 'decision'],
    ['rollback started via deploy pipeline', 'action'],
    ['pool usage back to 60/200, p99 latency 350ms. errors dropping', 'action'],
    ['mitigated. keeping the incident open while we replay the failed payment webhooks', 'action'],
    ['webhook replay finished, 1,873 payments reconciled, 12 need manual review', 'action'],
    // was 'detection' ("noticed"): a resolution is not a detection
    ['resolved. post-incident review on Monday; please add what you noticed to the board', 'action'],
    // the sample pager log's summaries, and the note
    ['Triggered through the API: checkout-api p99 latency > 2s', 'detection'],
    ['Notified Ana Ruiz by push notification', 'communication'],
    ['Acknowledged by Ana Ruiz', 'action'],
    ['Escalated to Payments on-call', 'action'],
    ['rolling back config push cfg-2291', 'action'],
    ['Resolved by Chen Li', 'action'],
    // the sample CSV's texts
    ['checkout-api p99 latency alert fires (eu-west-1)', 'detection'],
    ['Payment error rate reaches 38% in EU; customers cannot complete checkout', 'impact'],
    ['SEV2 declared; IC assigned', 'decision'],
    ['Status page: "Checkout recovering in EU"', 'communication'],
    ['Affected customers emailed', 'communication'],
    // recovery words mention the alert or what was noticed without being a detection
    ['[RESOLVED] checkout-api p99 latency', 'action'],
    ['Alert resolved', 'action'],
    ['latency alert recovered', 'action'],
    ['all clear from payments', 'action'],
    ['Errors back to normal', 'action'],
    ['Declared SEV2 — paging on-call', 'decision'],
    ['PagerDuty alert triggered for checkout-api', 'detection'],
    ['we noticed checkout failing', 'detection'],
    ['acked the page', 'action'],
  ])('guesses the kind of %j as %s', (text, kind) => {
    expect(guessTimelineKind(text)).toBe(kind);
  });

  it('guesses the kind of a CSV or JSON row that leaves the kind empty', () => {
    const csv = 'time,kind,text\n2026-03-14T10:00:15Z,,latency alert fires\n2026-03-14T11:27:00Z,,Resolved\n';
    expect(parseTimelineImport(csv).events.map((event) => event.kind)).toEqual(['detection', 'action']);
    const json =
      '[{"at":"2026-03-14T10:08:00Z","text":"SEV2 declared"},{"at":"2026-03-14T10:09:00Z","kind":"","text":"x"}]';
    expect(parseTimelineImport(json).events.map((event) => event.kind)).toEqual(['decision', 'other']);
  });
});
