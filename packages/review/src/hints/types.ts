/** Types of the blameless-language hints: what the engine returns and the rule data it reads. */

export const HINT_KINDS = [
  'hindsight',
  'counterfactual',
  'person-as-cause',
  'human-error',
  'judgement',
  'failed-to',
] as const;
export type HintKind = (typeof HINT_KINDS)[number];

/** One hint: the span [start, end) of the text (UTF-16 offsets), why, and a rewording for it. */
export interface BlamelessHint {
  start: number;
  end: number;
  kind: HintKind;
  message: string;
  /** Replaces exactly text.slice(start, end). */
  suggestion: string;
  /** The rule that matched, so a team can tell its own rules' hints apart. */
  ruleId: string;
}

/**
 * `person`: the rule's subject (its `{SUBJECT}` group, or else the words just before the match)
 * names a person. `person-in-sentence`: the sentence's own subject names a person.
 */
export type HintSubjectCheck = 'person' | 'person-in-sentence';

export interface HintRule {
  id: string;
  kind: HintKind;
  /** Regex source with placeholders; see rules.ts. */
  pattern: string;
  subject?: HintSubjectCheck;
  suggestion: string;
  /** Overrides the kind's message. */
  message?: string;
}

export interface JudgementWord {
  word: string;
  replacement: string;
  /** Regex source tested on the text right after the word: a match means a neutral, technical use. */
  unless?: string;
}

export interface HintLexicon {
  /** Lower-case nouns and pronouns that name people (`engineer`, `on-call`, `she`). */
  people: string[];
  /** Lower-case nouns that name software or infrastructure (`script`, `alert`, `kubernetes`). */
  systems: string[];
  /** Lower-case product and vendor names, which are capitalised like a person's (`vault`, `stripe`). */
  products: string[];
  judgements: JudgementWord[];
}

export interface HintRuleSet {
  lexicon: HintLexicon;
  rules: HintRule[];
}
