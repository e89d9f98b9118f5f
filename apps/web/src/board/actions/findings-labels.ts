import type { FindingCategory } from '@hindsight/review';

/** Category names as the findings board shows them. */
export const CATEGORY_LABELS: Record<FindingCategory, string> = {
  'went-well': 'What went well',
  'went-wrong': 'What went wrong',
  lucky: 'Where we got lucky',
  'contributing-factor': 'Contributing factors',
};

/** One line of a finding's text for a chip or a list; '(empty note)' when blank. */
export function findingSummary(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return '(empty note)';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
