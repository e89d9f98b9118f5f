import { FINDING_CATEGORIES, type FindingCategory } from '@hindsight/review';

// Column headings are the model's CATEGORY_LABELS (from @hindsight/review); the prompts are the board's own.

/** One-line prompts under each heading, steering toward systems rather than people. */
export const CATEGORY_PROMPTS: Record<FindingCategory, string> = {
  'went-well': 'Worth keeping or spreading',
  'went-wrong': 'What the system let happen',
  lucky: 'What saved us this time',
  'contributing-factor': 'Conditions that made it possible',
};

export const CATEGORIES: readonly FindingCategory[] = FINDING_CATEGORIES;
