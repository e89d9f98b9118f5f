import * as Y from 'yjs';

/** One splice that turns one string into another: delete `remove` units at `index`, then insert `insert`. */
export interface TextSplice {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The smallest single splice from `previous` to `next` (common prefix and suffix kept).
 *
 * With repeated characters a string diff is ambiguous: typing a space next to a space, the new one
 * could be either. `caret`, the caret position in `next` right after the edit, settles it: the edit
 * ends at the caret, so the kept suffix starts there. Without it, concurrent typists at the same spot
 * can have their words attached to each other's characters and interleave.
 */
export function textDiff(previous: string, next: string, caret?: number): TextSplice {
  const maxShared = Math.min(previous.length, next.length);
  const caretKnown = caret !== undefined && caret >= 0 && caret <= next.length;
  // The edit ends at the caret: anchor the kept suffix there first, then take what prefix remains.
  // Without a caret, keep the longest prefix (the change lands as late as it can).
  const suffixLimit = caretKnown ? Math.min(maxShared, next.length - caret) : maxShared;
  const sharedSuffix = (limit: number) => {
    let suffix = 0;
    while (
      suffix < limit &&
      previous.charCodeAt(previous.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)
    ) {
      suffix++;
    }
    // Never split a surrogate pair: Y.Text counts UTF-16 code units and would store half an emoji.
    if (suffix > 0 && isLowSurrogate(previous.charCodeAt(previous.length - suffix))) suffix--;
    return suffix;
  };
  const sharedPrefix = (limit: number) => {
    let prefix = 0;
    while (prefix < limit && previous.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix++;
    if (prefix > 0 && isHighSurrogate(previous.charCodeAt(prefix - 1))) prefix--;
    return prefix;
  };
  let prefix: number;
  let suffix: number;
  if (caretKnown) {
    suffix = sharedSuffix(suffixLimit);
    prefix = sharedPrefix(maxShared - suffix);
  } else {
    prefix = sharedPrefix(maxShared);
    suffix = sharedSuffix(maxShared - prefix);
  }
  return {
    index: prefix,
    remove: previous.length - prefix - suffix,
    insert: next.slice(prefix, next.length - suffix),
  };
}

/**
 * Makes `text` read `next` by changing only the differing middle, so concurrent edits elsewhere
 * survive. Pass the field's caret after the edit (`selectionEnd`) so the change lands where the
 * person typed (see textDiff).
 */
export function applyTextDiff(text: Y.Text, next: string, caret?: number): void {
  const { index, remove, insert } = textDiff(text.toString(), wellFormed(next), caret);
  if (remove === 0 && insert === '') return;
  const apply = () => {
    if (remove > 0) text.delete(index, remove);
    if (insert !== '') text.insert(index, insert);
  };
  if (text.doc) text.doc.transact(apply);
  else apply();
}

/** The plain string of a stored text field: a Y.Text, or a plain string written by an older or buggy client. */
export function readText(value: unknown): string {
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

/** A new Y.Text holding `initial`, ready to be put into a Y.Map or Y.Array. */
export function createText(initial: string): Y.Text {
  return new Y.Text(initial);
}

/** Writes `next` into the Y.Text stored at `map[key]` by minimal diff, replacing a malformed value. */
export function writeTextField(map: Y.Map<unknown>, key: string, next: string, caret?: number): void {
  const current = map.get(key);
  if (current instanceof Y.Text) applyTextDiff(current, next, caret);
  else map.set(key, createText(next));
}

/** `value` with every lone surrogate (half of an emoji) replaced by U+FFFD. */
export function wellFormed(value: string): string {
  // Yjs replaces a surrogate pair it has to split with U+FFFD on each replica separately, and where it
  // splits differs between replicas, so half a pair stored in a Y.Text makes replicas diverge.
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
