/** Timeline kinds from a label (`alert`, `comms`) or guessed from a message's words. */
import { TIMELINE_KINDS } from '../schema';
import type { TimelineKind } from '../schema';

const KIND_SYNONYMS: Record<string, TimelineKind> = {
  detect: 'detection',
  detected: 'detection',
  alert: 'detection',
  alerted: 'detection',
  page: 'detection',
  paged: 'detection',
  trigger: 'detection',
  triggered: 'detection',
  act: 'action',
  mitigation: 'action',
  mitigate: 'action',
  mitigated: 'action',
  fix: 'action',
  deploy: 'action',
  rollback: 'action',
  resolve: 'action',
  resolved: 'action',
  resolution: 'action',
  decide: 'decision',
  decided: 'decision',
  comms: 'communication',
  comm: 'communication',
  message: 'communication',
  announcement: 'communication',
  notify: 'communication',
  notification: 'communication',
  outage: 'impact',
  note: 'other',
  '': 'other',
};

/** The timeline kind a label names (`detection`, `alert`, `comms`, ...), or undefined when unknown. */
export function timelineKindFromLabel(label: string): TimelineKind | undefined {
  const key = label.trim().toLowerCase();
  if ((TIMELINE_KINDS as readonly string[]).includes(key)) return key as TimelineKind;
  return KIND_SYNONYMS[key];
}

// The rules of `guessTimelineKind`, first match wins. The model has no resolution or mitigation kind:
// recovering is an action (like a pager's resolve entry). Order matters: a declaration or a status-page
// line mentions recovery or the alert without being either; a recovery message mentions the alert
// ("alert resolved") or what people noticed; acknowledging an alert is a response to it, not detecting it.
const KIND_RULES: Array<[RegExp, TimelineKind]> = [
  [/^\W*decision\b|\b(decided|declar(e|ed|es|ing))\b/i, 'decision'],
  [
    /\b(status ?page|emailed|e-?mail sent|announced?|notified|update sent|informed|posted an update)\b/i,
    'communication',
  ],
  [
    /\[(resolved|ok|recovered)\]|\b(resolved|recover(ed|ing|y)|mitigated|all[- ]clear|back to normal|back up|stable again|errors? (are )?(dropping|falling|down)|no longer (failing|firing|erroring))\b/i,
    'action',
  ],
  [/\b(ack(ed|nowledged?|nowledging)?|escalat(e|ed|ing)|took over|assigned|investigating|looking into)\b/i, 'action'],
  [/\[firing\]|\b(alert(ed|s)?|alert fires|fired|firing|paged|triggered|detected|noticed)\b/i, 'detection'],
  [
    /\b(roll(ed|ing)? ?back|rollback|deploy(ed)?|restart(ed)?|scaled|fix(ed)?|replay(ed)?|failover|failed over|disabled|reverted)\b/i,
    'action',
  ],
  [
    /\b(customers? (cannot|can't|could not)|error rate|tickets?|outage|degraded|unavailable|failed payments)\b/i,
    'impact',
  ],
];

/**
 * A best guess at the kind of a free-text message (chat lines, pasted lines, rows without a kind);
 * 'other' when nothing fits. Only a starting point: the kind stays editable on the board.
 */
export function guessTimelineKind(text: string): TimelineKind {
  return KIND_RULES.find(([pattern]) => pattern.test(text))?.[1] ?? 'other';
}
