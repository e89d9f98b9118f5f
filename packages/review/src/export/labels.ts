import type {
  ActionPriority,
  ActionStatus,
  ActionType,
  FindingCategory,
  KeyTime,
  NarrativeSection,
  TimelineKind,
} from '../schema';

/** Words the exports use for the model's values (the board shows the same ones). */

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

/** `2026-03-14 09:41 UTC`, with seconds only when they are not zero. */
export function formatUtc(iso: string, suffix = true): string {
  const match = /^(\d{4,}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?/.exec(iso);
  if (!match) return iso;
  const seconds = match[3] && match[3] !== '00' ? `:${match[3]}` : '';
  return `${match[1]} ${match[2]}${seconds}${suffix ? ' UTC' : ''}`;
}
