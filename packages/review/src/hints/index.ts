export { blamelessHints, extendHintRules } from './engine';
export { DEFAULT_HINT_RULES, HINT_MESSAGES } from './rules';
export { HINT_KINDS } from './types';
export type {
  BlamelessHint,
  HintKind,
  HintLexicon,
  HintRule,
  HintRuleSet,
  HintSubjectCheck,
  JudgementWord,
} from './types';
export { countOpenHints, HINT_SECTION_LABELS, HINT_SECTIONS, hintedTexts, NARRATIVE_LEAF } from './open-hints';
export type { HintSection, OpenHintFilter } from './open-hints';
