/**
 * Does a short noun phrase name a person or a system? The heuristic behind the rules that blame
 * only a person: "Kofi forgot to…" is a hint, "the health check failed to…" is not.
 *
 * A phrase is reduced to its head word: clause words before it are dropped ("tbh the release
 * manager" → "the release manager"), and a prepositional tail is cut ("the SRE on shift" → "SRE").
 * The head names a person when it is a people noun or pronoun of the lexicon (engineer, on-call,
 * QA, someone, she), or a capitalised word that the lexicon does not know as a system and that is
 * no "-ing" form, i.e. a name ("Dave", "Chen Li"). An ambiguous role word ("operator") is a
 * person only without a system word beside it ("the Kubernetes operator" is software).
 */
import type { HintLexicon } from './types';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

// Words after which a new noun phrase starts: fillers, conjunctions, auxiliaries, relatives.
const CLAUSE_WORDS = new Set(
  `tbh ngl honestly fwiw imo imho btw so and but or then when while because since after before until
   once that which who whom what where why how it's that's there's is was were are be been being has
   have had do does did will would can could should may might must to not also just even still yet
   if unless though although only again basically literally clearly obviously apparently yesterday
   today tonight later earlier then by`.split(/\s+/),
);
// Words after a subject that say how many or which, not who: "Kenji and Bea both forgot", "the engineer responsible".
const QUANTIFIERS = new Set([
  'both',
  'all',
  'each',
  'too',
  'themselves',
  'himself',
  'herself',
  'responsible',
  'involved',
  'concerned',
]);
const DETERMINERS = new Set(
  'the a an our their his her my your this that these those one some any no every'.split(' '),
);
const PREPOSITIONS = new Set('on in at from of for with by during about over under into onto'.split(' '));
const AMBIGUOUS_ROLES = new Set(['operator', 'operators', 'owner', 'lead', 'support', 'security', 'platform', 'infra']);

export interface NounPhrase {
  /** Offset of the phrase's first word (its determiner included) within the examined text. */
  start: number;
  words: string[];
  head: string;
}

/** The noun phrase that ends `text` (the words right before a verb), or null when there is none. */
export function trailingNounPhrase(text: string): NounPhrase | null {
  const tokens = [...text.matchAll(WORD)].map((m) => ({ word: m[0], index: m.index }));
  // A clause break in the text (punctuation between words) also starts a new phrase.
  let first = 0;
  for (let i = tokens.length - 1; i >= 0; i -= 1) {
    const token = tokens[i]!;
    const gapAfter = i + 1 < tokens.length ? text.slice(token.index + token.word.length, tokens[i + 1]!.index) : '';
    if (/[,;:.!?()\u2014\u2013"]|\s-\s/.test(gapAfter)) {
      first = i + 1;
      break;
    }
    // Clause words and numbers (a time, a count) end the phrase.
    if (CLAUSE_WORDS.has(token.word.toLowerCase()) || /^\p{N}/u.test(token.word)) {
      first = i + 1;
      break;
    }
    if (tokens.length - i > 5) {
      first = i + 1;
      break;
    }
  }
  const phrase = tokens.slice(first);
  if (phrase.length === 0) return null;
  const words = phrase.map((t) => t.word);
  return { start: phrase[0]!.index, words, head: headWord(words) };
}

function headWord(words: string[]): string {
  const content = words.filter((w) => !DETERMINERS.has(w.toLowerCase()) && !QUANTIFIERS.has(w.toLowerCase()));
  const prepositionAt = content.findIndex((w) => PREPOSITIONS.has(w.toLowerCase()));
  const head = prepositionAt > 0 ? content[prepositionAt - 1] : content[content.length - 1];
  return (head ?? '').replace(/['’]s?$/, '');
}

/** Whether the phrase names a person (see the module comment). */
export function namesPerson(phrase: NounPhrase, lexicon: HintLexicon): boolean {
  const head = phrase.head;
  if (!head) return false;
  const lower = head.toLowerCase();
  const people = new Set(lexicon.people);
  const systems = new Set(lexicon.systems);
  const products = new Set(lexicon.products);
  if (people.has(lower)) {
    if (!AMBIGUOUS_ROLES.has(lower)) return true;
    const modifiers = phrase.words.filter((w) => w !== head && !DETERMINERS.has(w.toLowerCase()));
    return modifiers.every((w) => people.has(w.toLowerCase()) || /^(human|senior|junior|new|same|other)$/i.test(w));
  }
  if (systems.has(lower) || products.has(lower)) return false;
  // A product word up to the head ("GitHub Actions", not "Dave from Stripe") makes it software.
  const upToHead = phrase.words.slice(0, phrase.words.findIndex((w) => w.replace(/['’]s?$/, '') === head) + 1);
  if (upToHead.some((w) => products.has(w.toLowerCase()) || isProductShaped(w))) return false;
  if (/^\p{Lu}{2,}$/u.test(head)) return false; // an acronym not in the people list: CDN, DNS
  if (!/^\p{Lu}\p{Ll}/u.test(head)) return false; // a lower-case noun: a thing
  if (/ing$/.test(lower)) return false; // "Alerting", "Staging"
  // A capitalised word after "the" is a product ("the Kafka cluster"), not a name.
  const index = phrase.words.indexOf(head);
  const before = index > 0 ? phrase.words[index - 1]!.toLowerCase() : '';
  return before !== 'the' && before !== 'a' && before !== 'an';
}

// Product names rarely look like a first name: inner capitals (GitHub, ArgoCD) or a technical ending.
const PRODUCT_ENDING =
  /(?:search|db|sql|mq|ctl|hub|lab|flare|cd|ci|dns|api|js|cloud|base|stack|store|bus|mesh|proxy|gate|ware|soft|force|flow|ops|kit|fy)$/i;

function isProductShaped(word: string): boolean {
  return /\p{Ll}\p{Lu}/u.test(word) || /\p{N}/u.test(word) || (/^\p{Lu}/u.test(word) && PRODUCT_ENDING.test(word));
}

/** The subject of a whole sentence: the words before its first verb-like word. */
export function sentenceSubject(sentence: string): NounPhrase | null {
  const stripped = sentence.replace(/^[\s\d:.\-–—()[\]]*(?:utc\s*)?[-–—:]?\s*/i, '');
  const offset = sentence.length - stripped.length;
  const verb = /\s(?:[a-z]+ed|is|was|were|has|had|did|made|took|sent|ran|put|set|let|broke|pushed|went)\b/.exec(
    stripped,
  );
  // Without a verb before the match, the whole prefix is the subject ("Ana mistakenly ran…").
  // Adverbs between the subject and its verb ("Omar just assumed") are not the subject.
  const before = (verb ? stripped.slice(0, verb.index) : stripped).replace(
    /(?:\s+(?:just|also|clearly|obviously|simply|then|basically|literally|apparently|still|never|even|only|really|actually))+\s*$/i,
    '',
  );
  const phrase = trailingNounPhrase(before);
  return phrase ? { ...phrase, start: phrase.start + offset } : null;
}
