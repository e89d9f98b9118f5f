import type { NarrativeSection } from '@hindsight/review';

/**
 * What each narrative section's empty editor asks for (board-only wording). Section titles are the
 * model's NARRATIVE_LABELS from @hindsight/review.
 */
export const NARRATIVE_PROMPTS: Record<NarrativeSection, string> = {
  summary: 'What happened, in two or three sentences? What was affected and how did it end?',
  impact: 'Who was affected, how badly, for how long?',
  detection: 'How did we find out: an alert, a customer, a teammate? How long did that take?',
  resolution: 'What stopped the impact, and what brought the service fully back?',
  lessons: 'What went well, what went wrong, where did we get lucky?',
};

/** The presence target for a section, as `setEditing` and `useEditorsOf` expect it. */
export function narrativeTarget(section: NarrativeSection): string {
  return `narrative:${section}`;
}
