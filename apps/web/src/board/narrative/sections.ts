import type { NarrativeSection } from '@hindsight/review';

/** How each narrative section is titled and what its empty editor asks for. */
export interface NarrativeSectionCopy {
  title: string;
  prompt: string;
}

export const NARRATIVE_COPY: Record<NarrativeSection, NarrativeSectionCopy> = {
  summary: {
    title: 'Summary',
    prompt: 'What happened, in two or three sentences? What was affected and how did it end?',
  },
  impact: {
    title: 'Impact',
    prompt: 'Who was affected, how badly, for how long?',
  },
  detection: {
    title: 'Detection',
    prompt: 'How did we find out: an alert, a customer, a teammate? How long did that take?',
  },
  resolution: {
    title: 'Resolution',
    prompt: 'What stopped the impact, and what brought the service fully back?',
  },
  lessons: {
    title: 'Lessons learned',
    prompt: 'What went well, what went wrong, where did we get lucky?',
  },
};

/** The presence target for a section, as `setEditing` and `useEditorsOf` expect it. */
export function narrativeTarget(section: NarrativeSection): string {
  return `narrative:${section}`;
}
