import type {
  ActionPriority,
  ActionStatus,
  ActionType,
  ContextField,
  FindingCategory,
  KeyTime,
  NarrativeSection,
  ReviewStatus,
  TimelineKind,
  Weakness,
} from './schema';

/**
 * The words for the model's values: the one source the board, the report and the exports all read.
 * Wording only one view uses (the board's `P1 · high`, say) stays with that view.
 */

export const CATEGORY_LABELS: Record<FindingCategory, string> = {
  'went-well': 'What went well',
  'went-wrong': 'What went wrong',
  lucky: 'Where we got lucky',
  'contributing-factor': 'Contributing factors',
};

export const NARRATIVE_LABELS: Record<NarrativeSection, string> = {
  summary: 'Summary',
  impact: 'Impact',
  detection: 'Detection',
  resolution: 'Resolution',
  lessons: 'Lessons learned',
};

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = { live: 'In progress', closed: 'Closed' };

/** The questions of an event's context card, as the board, the report and the exports ask them. */
export const CONTEXT_FIELD_LABELS: Record<ContextField, string> = {
  known: 'What was known',
  goal: 'What they were trying to achieve',
  pressures: 'Pressures and constraints',
};

export const KEY_TIME_LABELS: Record<KeyTime, string> = {
  started: 'Started',
  detected: 'Detected',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  detection: 'Detection',
  action: 'Action',
  decision: 'Decision',
  communication: 'Communication',
  impact: 'Impact',
  other: 'Other',
};

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': "Won't do",
};

export const ACTION_PRIORITY_LABELS: Record<ActionPriority, string> = { P1: 'P1', P2: 'P2', P3: 'P3' };

export const ACTION_TYPE_LABELS: Record<ActionType, string> = {
  mitigate: 'Mitigate',
  prevent: 'Prevent',
  process: 'Process',
};

export const WEAKNESS_LABELS: Record<Weakness, string> = {
  'monitoring-alerting': 'Monitoring and alerting',
  testing: 'Testing',
  'deployment-rollback': 'Deployment and rollback',
  capacity: 'Capacity',
  dependencies: 'Dependencies',
  'documentation-runbooks': 'Documentation and runbooks',
  'communication-escalation': 'Communication and escalation',
  'access-security': 'Access and security',
  architecture: 'Architecture',
  other: 'Other',
};
