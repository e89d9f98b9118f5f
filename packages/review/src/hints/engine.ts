/**
 * The blameless-language rule engine: runs the rule data (rules.ts) over a text, one sentence at a
 * time, and returns non-overlapping hints in text order. Pure and synchronous: it runs in the
 * browser as someone types and on the server, and sends nothing anywhere.
 */
import { baseForm } from './lemma';
import { DEFAULT_HINT_RULES, HINT_MESSAGES } from './rules';
import { namesPerson, sentenceSubject, trailingNounPhrase } from './subject';
import type { BlamelessHint, HintLexicon, HintRule, HintRuleSet } from './types';

// A subject never starts with a clause word, so in "…, yet Yuki ran it anyway" it is "Yuki".
const SUBJECT =
  "(?<subject>\\b(?!(?:and|but|so|yet|then|because|while|when|after|before|until|since|once|that|which|who|if|unless|though|although|or|also|just|even|still|again|only)\\b)[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*(?:\\s+[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*){0,4}?)";
const PARTICIPLE =
  '(?<pp>(?!(?:seven|eleven|ten|often|open|even|green|own|more|less|alerting)\\b)(?:\\p{L}+-)?\\p{L}+(?:ed|en|wn|ne|ght|ung|unk|ade|ept|elt|ent|eft|eld|ound|ost|ood|old|aid|ead|un|ut|et|it|ot|id))';

interface CompiledRule {
  rule: HintRule;
  regex: RegExp;
}

const compiledCache = new WeakMap<HintRuleSet, CompiledRule[]>();

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(ruleSet: HintRuleSet): CompiledRule[] {
  const cached = compiledCache.get(ruleSet);
  if (cached) return cached;
  const judge = `(?<judge>${ruleSet.lexicon.judgements.map((j) => escapeRegex(j.word)).join('|') || '(?!)'})`;
  const compiled = ruleSet.rules.map((rule) => {
    const source = rule.pattern
      .replaceAll('{SUBJECT}', SUBJECT)
      .replaceAll('{PP}', PARTICIPLE)
      .replaceAll('{JUDGE}', judge);
    try {
      return { rule, regex: new RegExp(source, 'giu') };
    } catch (error) {
      throw new Error(`hint rule ${rule.id}: invalid pattern (${(error as Error).message})`);
    }
  });
  compiledCache.set(ruleSet, compiled);
  return compiled;
}

/** Sentence spans of a text: a sentence ends at . ! ? or a line break followed by space. */
function sentences(text: string): { start: number; text: string }[] {
  const spans: { start: number; text: string }[] = [];
  const boundary = /[.!?]+(?=\s|$)|\n+/g;
  let start = 0;
  for (const m of text.matchAll(boundary)) {
    const end = m.index + m[0].length;
    spans.push({ start, text: text.slice(start, end) });
    start = end;
  }
  if (start < text.length) spans.push({ start, text: text.slice(start) });
  // Trim leading spaces so `^` in a pattern means the sentence's first word.
  return spans.map((s) => {
    const lead = /^\s*/.exec(s.text)![0].length;
    return { start: s.start + lead, text: s.text.slice(lead) };
  });
}

/** Quoted spans ('user error: session invalid' in a log line is a quotation, not a judgement). */
function quotedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(/"[^"\n]*"|“[^”\n]*”|(?<=^|[\s(\[])'[^'\n]+'(?=$|[\s.,;:!?)\]])/g)) {
    ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

function subjectIsPerson(
  rule: HintRule,
  match: RegExpExecArray,
  sentence: string,
  lexicon: HintLexicon,
): { ok: boolean; start: number } {
  const groups = match.groups ?? {};
  if (rule.subject === 'person-in-sentence') {
    const subject = sentenceSubject(sentence.slice(0, match.index));
    return { ok: subject !== null && namesPerson(subject, lexicon), start: match.index };
  }
  if (groups.subject !== undefined) {
    const subjectAt = match.index + match[0].indexOf(groups.subject);
    const phrase = trailingNounPhrase(groups.subject);
    if (!phrase || !namesPerson(phrase, lexicon)) return { ok: false, start: match.index };
    // The hint starts at the phrase when the subject opens the match ("at noon Dave broke" → "Dave broke").
    const start = subjectAt === match.index ? subjectAt + phrase.start : match.index;
    return { ok: true, start };
  }
  // "Jonah, who should have…": the person is the phrase before the relative pronoun, and the hint
  // keeps to the relative clause so its rewording still fits the sentence.
  const before = sentence.slice(0, match.index);
  const relative = before.replace(/,?\s*\bwho\s*$/i, '');
  const phrase = trailingNounPhrase(relative);
  if (!phrase || !namesPerson(phrase, lexicon)) return { ok: false, start: match.index };
  return { ok: true, start: relative === before ? phrase.start : match.index };
}

function fillSuggestion(
  template: string,
  groups: Record<string, string | undefined>,
  replacement: string,
  subject: string,
): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'base') return baseForm(groups.pp ?? '');
    if (name === 'replacement') return replacement;
    if (name === 'subject') return subject;
    return (groups[name] ?? '').toLowerCase();
  });
}

function matchCase(suggestion: string, original: string): string {
  if (!suggestion || !/^\p{Lu}/u.test(original)) return suggestion;
  return suggestion[0]!.toUpperCase() + suggestion.slice(1);
}

// Hints per sentence text, per rule set: typing in a long note re-reads only the sentence it changes.
const sentenceCache = new WeakMap<HintRuleSet, Map<string, BlamelessHint[]>>();
const SENTENCES_KEPT = 2000;

/** The hints of one sentence, with offsets into it (quotes not yet considered). */
function hintsOfSentence(sentence: string, rules: HintRuleSet): BlamelessHint[] {
  let cache = sentenceCache.get(rules);
  if (!cache) sentenceCache.set(rules, (cache = new Map()));
  const cached = cache.get(sentence);
  if (cached) return cached;
  const found: BlamelessHint[] = [];
  for (const { rule, regex } of compile(rules)) {
    regex.lastIndex = 0;
    for (const match of sentence.matchAll(regex)) {
      if (match[0].length === 0) continue;
      let start = match.index;
      let subjectText = '';
      if (rule.subject) {
        const check = subjectIsPerson(rule, match, sentence, rules.lexicon);
        if (!check.ok) continue;
        start = check.start;
        subjectText = match.groups?.subject ?? '';
      }
      let replacement = '';
      if (match.groups?.judge !== undefined) {
        const entry = rules.lexicon.judgements.find((j) => j.word.toLowerCase() === match.groups!.judge!.toLowerCase());
        if (!entry) continue;
        const after = sentence.slice(match.index + match[0].length);
        if (entry.unless && new RegExp(entry.unless, 'iu').test(after)) continue;
        replacement = entry.replacement;
      }
      // Leading whitespace of a match (e.g. from a `[,;:]\s*` prefix) stays outside the span.
      const matchEnd = match.index + match[0].length;
      const lead = /^[\s,;:]*/.exec(sentence.slice(start, matchEnd))![0].length;
      start += lead;
      let end = matchEnd;
      while (end > start && /\s/.test(sentence[end - 1]!)) end -= 1;
      // A deletion takes one following space with it, so no double space is left.
      if (rule.suggestion === '' && sentence[end] === ' ') end += 1;
      const original = sentence.slice(start, end);
      const suggestion = fillSuggestion(rule.suggestion, match.groups ?? {}, replacement, subjectText.trim());
      found.push({
        start,
        end,
        kind: rule.kind,
        message: rule.message ?? HINT_MESSAGES[rule.kind],
        // Capitalised where it opens the sentence, as the words it replaces were.
        suggestion: /\p{L}/u.test(sentence.slice(0, start)) ? suggestion : matchCase(suggestion, original),
        ruleId: rule.id,
      });
    }
  }
  if (cache.size >= SENTENCES_KEPT) cache.clear();
  cache.set(sentence, found);
  return found;
}

/**
 * Blameless-language hints for `text`: spans that blame a person or judge with hindsight, each with
 * a short explanation and a systemic rewording of the span. `rules` defaults to the built-in English
 * rules; pass `extendHintRules(DEFAULT_HINT_RULES, yours)` to add a team's own words.
 */
export function blamelessHints(text: string, rules: HintRuleSet = DEFAULT_HINT_RULES): BlamelessHint[] {
  const quoted = quotedRanges(text);
  const found: BlamelessHint[] = [];
  for (const sentence of sentences(text)) {
    for (const hint of hintsOfSentence(sentence.text, rules)) {
      const start = sentence.start + hint.start;
      const end = sentence.start + hint.end;
      if (quoted.some(([qs, qe]) => start >= qs && end <= qe)) continue;
      found.push({ ...hint, start, end });
    }
  }
  return withoutOverlaps(found);
}

/** Keeps the earliest (then longest) of overlapping hints, so suggestions can be applied one by one. */
function withoutOverlaps(hints: BlamelessHint[]): BlamelessHint[] {
  const sorted = [...hints].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: BlamelessHint[] = [];
  for (const hint of sorted) {
    const last = kept[kept.length - 1];
    if (last && hint.start < last.end) continue;
    kept.push(hint);
  }
  return kept;
}

/** A rule set with a team's additions: their words join the lexicon, their rules run after ours. */
export function extendHintRules(
  base: HintRuleSet,
  extra: { lexicon?: Partial<HintLexicon>; rules?: HintRule[] },
): HintRuleSet {
  return {
    lexicon: {
      people: [...base.lexicon.people, ...(extra.lexicon?.people ?? []).map((w) => w.toLowerCase())],
      systems: [...base.lexicon.systems, ...(extra.lexicon?.systems ?? []).map((w) => w.toLowerCase())],
      products: [...base.lexicon.products, ...(extra.lexicon?.products ?? []).map((w) => w.toLowerCase())],
      judgements: [...base.lexicon.judgements, ...(extra.lexicon?.judgements ?? [])],
    },
    rules: [...base.rules, ...(extra.rules ?? [])],
  };
}
