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
