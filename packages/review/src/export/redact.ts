import { CONTEXT_FIELDS, type EventContext } from '../schema';
import type { NarrativeNode } from './prosemirror';
import type { ReviewExportData } from './to-export';

/**
 * The export with every name the review knows replaced by a neutral label, "Participant 1",
 * "Participant 2", ... (docs/EXPORT.md, "Redaction").
 *
 * 1. Fields that hold a person are replaced whole: who closed the review, finding authors (each
 *    followed by who edited that finding), action owners (numbered in that order of first
 *    appearance), then the people in timeline sources.
 *    A source is split at its separators (`·`, `|`, `/`, `,`, `;`, `:`, brackets, a spaced dash)
 *    and a part is a person when it is a name already known, or when it reads like a personal name:
 *    two or more capitalised words ("Chen Li"); so "pager · Chen Li" becomes "pager · Participant 5"
 *    and "deploy log" stays. The same name (ignoring case, spacing and Unicode form) gets one label.
 * 2. Then every occurrence of a known name in free text (title, narrative, findings, groups, root
 *    causes and their accepted-risk reasons, timeline texts, sources and context, action titles) becomes that person's label: whole names in
 *    any case, and, for a name of two or more words, each word of three letters or more that is
 *    capitalised in the name and in the text ("Ana" for "Ana Ruiz"), unless two people share it or
 *    it is someone's whole name. `knownNames` (e.g. presence names the server saw) count as whole
 *    names only: presence may carry pseudonyms made of ordinary words ("Quiet Otter").
 *
 * A name the review never recorded, a nickname or a misspelling is not recognised. Anonymous
 * findings have no name to replace. The input is not changed.
 */
export function redactExport(data: ReviewExportData, options: RedactOptions = {}): ReviewExportData {
  const book = new NameBook();
  const closedBy = data.review.closedBy === null ? null : book.label(data.review.closedBy);
  const authored = data.findings.map((finding) => {
    if (finding.anonymous || finding.author === undefined) return finding;
    const author = book.label(finding.author);
    if (finding.editedBy === undefined) return { ...finding, author };
    return { ...finding, author, editedBy: book.label(finding.editedBy) };
  });
  const owned = data.actions.map((action) => ({ ...action, owner: book.label(action.owner) }));
  const extraKeys = new Set((options.knownNames ?? []).map(nameKey));
  const sourced = data.timeline.map((event) => ({
    ...event,
    source: redactSource(event.source, book, (key) => book.knows(key) || extraKeys.has(key)),
  }));
  for (const name of options.knownNames ?? []) book.label(name, { wholeOnly: true });

  const matcher = book.matcher();
  const text = (value: string) => matcher.redact(value);
  return {
    ...data,
    redacted: true,
    review: { ...data.review, title: text(data.review.title), closedBy },
    narrative: Object.fromEntries(
      Object.entries(data.narrative).map(([section, { text: plain, doc }]) => [
        section,
        { text: text(plain), doc: redactNode(doc, matcher) },
      ]),
    ) as ReviewExportData['narrative'],
    timeline: sourced.map((event) => ({
      ...event,
      text: text(event.text),
      source: text(event.source),
      context: event.context === null ? null : redactContext(event.context, text),
    })),
    groups: data.groups.map((group) => ({ ...group, name: text(group.name) })),
    findings: authored.map((finding) => ({ ...finding, text: text(finding.text) })),
    rootCauses: data.rootCauses.map((rootCause) => ({
      ...rootCause,
      text: text(rootCause.text),
      acceptedRisk: rootCause.acceptedRisk === null ? null : text(rootCause.acceptedRisk),
    })),
    actions: owned.map((action) => ({ ...action, title: text(action.title) })),
  };
}

export interface RedactOptions {
  /** Names the review knows besides its own fields (e.g. presence names the server saw), matched whole. */
  knownNames?: readonly string[];
}

/** Identity of a name: Unicode-compatible form, single spaces, lower case. */
function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** How a name is written for matching: canonical Unicode form (as texts are), single spaces. */
function spelling(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

const LABEL = /^participant \d+$/;

interface Person {
  label: string;
  spellings: Set<string>;
  /** Only the whole name is matched in free text (no first or last name alone). */
  wholeOnly: boolean;
}

/** The people of one export: their labels, by first appearance, and every spelling seen. */
class NameBook {
  private readonly people = new Map<string, Person>();

  /** The neutral label for `name` (assigned on first sight); '' and blank names stay as they are. */
  label(name: string, { wholeOnly = false } = {}): string {
    const key = nameKey(name);
    if (key === '') return name;
    let person = this.people.get(key);
    if (person === undefined) {
      person = { label: `Participant ${this.people.size + 1}`, spellings: new Set(), wholeOnly };
      this.people.set(key, person);
    }
    person.wholeOnly &&= wholeOnly;
    person.spellings.add(spelling(name));
    return person.label;
  }

  knows(key: string): boolean {
    return this.people.has(key);
  }

  /** A matcher for every known name in free text (see redactExport). */
  matcher(): NameMatcher {
    const entries: MatchEntry[] = [];
    const partOwners = new Map<string, Set<string>>();
    const partSpellings = new Map<string, Set<string>>();
    for (const [key, person] of this.people) {
      // A label typed as a name ("Participant 2") would rewrite the labels themselves.
      if (LABEL.test(key)) continue;
      for (const written of person.spellings) {
        if (countLetters(written) >= 2) entries.push({ name: written, label: person.label, part: false });
        const words = written.split(' ');
        if (person.wholeOnly || words.length < 2) continue;
        for (const word of words) {
          if (countLetters(word) < 3 || !/^\p{Lu}/u.test(word)) continue;
          const partKey = nameKey(word);
          if (!partOwners.has(partKey)) partOwners.set(partKey, new Set());
          partOwners.get(partKey)!.add(key);
          if (!partSpellings.has(partKey)) partSpellings.set(partKey, new Set());
          partSpellings.get(partKey)!.add(word);
        }
      }
    }
    for (const [partKey, owners] of partOwners) {
      if (owners.size !== 1 || this.people.has(partKey) || LABEL.test(partKey)) continue;
      const label = this.people.get([...owners][0]!)!.label;
      for (const word of partSpellings.get(partKey)!) entries.push({ name: word, label, part: true });
    }
    return new NameMatcher(entries);
  }
}

function countLetters(text: string): number {
  return (text.match(/\p{L}/gu) ?? []).length;
}

// Scripts written without spaces between words: a name in them has no word boundary to look for.
const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

/** A regular expression source for a name: its words (literal) apart by any whitespace, whole words only. */
function namePattern(name: string): string {
  const body = name
    .split(' ')
    .map((word) => word.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))
    .join('\\s+');
  const first = name[0]!;
  const last = [...name].at(-1)!;
  const before = WORD_CHAR.test(first) && !UNSPACED.test(first) ? '(?<![\\p{L}\\p{N}\\p{M}_])' : '';
  const after = WORD_CHAR.test(last) && !UNSPACED.test(last) ? '(?![\\p{L}\\p{N}\\p{M}_])' : '';
  return `${before}${body}${after}`;
}

interface MatchEntry {
  /** As written (NFC, single spaces). */
  name: string;
  label: string;
  /** A first or last name alone, rather than a whole name. */
  part: boolean;
}

interface Found {
  start: number;
  end: number;
  label: string;
}

/** Finds and replaces known names in text: longest names first, each occurrence once. */
class NameMatcher {
  private readonly regex: RegExp | null;
  private readonly entries: MatchEntry[];

  constructor(entries: MatchEntry[]) {
    // Longest first, so "Ana Ruiz" is taken whole before "Ana" could match its first word.
    const sorted = [...entries].sort((a, b) => b.name.length - a.name.length);
    this.entries = sorted;
    this.regex =
      sorted.length === 0 ? null : new RegExp(sorted.map((entry) => `(${namePattern(entry.name)})`).join('|'), 'giu');
  }

  /** Every known name in `text` (already in NFC), in order. */
  find(text: string): Found[] {
    if (this.regex === null) return [];
    const found: Found[] = [];
    for (const match of text.matchAll(this.regex)) {
      const index = match.findIndex((group, i) => i > 0 && group !== undefined) - 1;
      const entry = this.entries[index]!;
      // A first or last name alone counts only when capitalised: "Rose" the person, not "rose" the verb.
      if (entry.part && !/^\p{Lu}/u.test(match[0])) continue;
      found.push({ start: match.index, end: match.index + match[0].length, label: entry.label });
    }
    return found;
  }

  /** `text` with every known name replaced by its label. */
  redact(value: string): string {
    const text = value.normalize('NFC');
    let out = '';
    let at = 0;
    for (const { start, end, label } of this.find(text)) {
      out += text.slice(at, start) + label;
      at = end;
    }
    return out + text.slice(at);
  }
}

// A source's separators: punctuation that parts a tool from a person ("pager · Chen Li", "Ana / Slack").
const SOURCE_SEPARATOR = /(\s*[·•|/\\,;:()[\]{}<>]\s*|\s+[-–—]\s+)/u;
// A word that reads like part of a personal name: a capital letter first, and some lower case.
const NAME_WORD = /^\p{Lu}[\p{L}\p{M}'’.-]*$/u;
// Initials count as name words too ("A.J. Smith").
const INITIALS = /^(\p{Lu}\.)+$/u;

/** Each context field with the people in it replaced by their labels. */
function redactContext(context: EventContext, text: (value: string) => string): EventContext {
  return Object.fromEntries(CONTEXT_FIELDS.map((field) => [field, text(context[field])])) as EventContext;
}

/** A timeline source with the people in it replaced by their labels (see redactExport). */
function redactSource(source: string, book: NameBook, known: (key: string) => boolean): string {
  return source
    .split(SOURCE_SEPARATOR)
    .map((part, index) => {
      if (index % 2 === 1 || part.trim() === '') return part; // a separator, or nothing
      if (known(nameKey(part))) return keepSpaces(part, book.label(part));
      // Runs of two or more capitalised words are names: "pager Chen Li" → "pager Participant 5".
      const words = part.split(/(\s+)/u);
      let out = '';
      for (let i = 0; i < words.length; ) {
        let j = i;
        while (j < words.length && isNameWord(words[j]!)) j += 2;
        const count = (j - i) / 2;
        if (count >= 2) {
          out += book.label(words.slice(i, j - 1).join(''));
          i = j - 1;
        } else {
          out += words[i]!;
          i += 1;
        }
      }
      return out;
    })
    .join('');
}

function isNameWord(word: string): boolean {
  return (NAME_WORD.test(word) && /\p{Ll}/u.test(word)) || INITIALS.test(word);
}

function keepSpaces(part: string, label: string): string {
  return /^\s*/u.exec(part)![0] + label + /\s*$/u.exec(part)![0];
}

/**
 * A narrative node with known names replaced, also across a run of text nodes (a name half bold):
 * the label takes the marks of the node where the name starts; nodes left empty are dropped.
 */
function redactNode(node: NarrativeNode, matcher: NameMatcher): NarrativeNode {
  if (node.content === undefined) {
    return node.type === 'text' && node.text !== undefined ? { ...node, text: matcher.redact(node.text) } : node;
  }
  const content: NarrativeNode[] = [];
  let run: NarrativeNode[] = [];
  const flush = () => {
    content.push(...redactTextRun(run, matcher));
    run = [];
  };
  for (const child of node.content) {
    if (child.type === 'text' && child.text !== undefined) {
      run.push(child);
      continue;
    }
    flush();
    content.push(redactNode(child, matcher));
  }
  flush();
  return { ...node, content };
}

function redactTextRun(run: NarrativeNode[], matcher: NameMatcher): NarrativeNode[] {
  if (run.length === 0) return [];
  const texts = run.map((node) => node.text!.normalize('NFC'));
  const found = matcher.find(texts.join(''));
  const out: NarrativeNode[] = [];
  let offset = 0;
  run.forEach((node, index) => {
    const text = texts[index]!;
    const start = offset;
    const end = offset + text.length;
    offset = end;
    let result = '';
    let at = start;
    for (const name of found) {
      if (name.end <= start || name.start >= end) continue;
      result += text.slice(at - start, Math.max(at, name.start) - start);
      if (name.start >= start) result += name.label; // the name starts here: its label goes here
      at = Math.min(end, name.end);
    }
    result += text.slice(at - start);
    if (result !== '') out.push({ ...node, text: result });
  });
  return out;
}
