import * as Y from 'yjs';
import { EVENT_REF_ATTR, EVENT_REF_NODE, isEventId } from '../citations';

/**
 * A narrative section's rich text as ProseMirror-style JSON (the shape Tiptap's `editor.getJSON()`
 * gives), read from and written to the Y.XmlFragment that y-prosemirror keeps for the editor.
 *
 * y-prosemirror stores an element node as a Y.XmlElement named after the node type, with the node's
 * non-null attributes as XML attributes, and a run of text nodes as one Y.XmlText whose formatting
 * attributes are the marks (`{ bold: {}, link: { href, ... } }`; a mark type that may overlap itself
 * is stored as `name--hash`).
 */

/** An attribute value of a node or mark: JSON scalars only. */
export type NarrativeAttrValue = string | number | boolean | null;

export interface NarrativeMark {
  type: NarrativeMarkType;
  attrs?: Record<string, NarrativeAttrValue>;
}

/** A node of the narrative document: `doc` at the root, `text` leaves carry `text` and `marks`. */
export interface NarrativeNode {
  type: NarrativeNodeType;
  attrs?: Record<string, NarrativeAttrValue>;
  content?: NarrativeNode[];
  text?: string;
  marks?: NarrativeMark[];
}

/**
 * Node types the board's editor knows (Tiptap StarterKit as the board configures it). An element
 * of any other type would be deleted by the editor the first time someone opens the section, so
 * an import refuses them.
 */
export const NARRATIVE_NODE_TYPES = [
  'doc',
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'hardBreak',
  EVENT_REF_NODE,
  'text',
] as const;
export type NarrativeNodeType = (typeof NARRATIVE_NODE_TYPES)[number];

/** Mark types the board's editor knows, in the order Markdown nests them (outermost first). */
export const NARRATIVE_MARK_TYPES = ['link', 'bold', 'italic', 'strike', 'underline', 'code'] as const;
export type NarrativeMarkType = (typeof NARRATIVE_MARK_TYPES)[number];

/** Deepest nesting an imported narrative may have (lists in lists in quotes...). */
export const NARRATIVE_MAX_DEPTH = 32;

const BLOCK_TYPES: ReadonlySet<string> = new Set(['paragraph', 'heading', 'bulletList', 'orderedList', 'blockquote']);
const INLINE_TYPES: ReadonlySet<string> = new Set(['text', 'hardBreak', EVENT_REF_NODE]);
/** Nodes with no content of their own (ProseMirror leaves, written without a content array). */
const LEAF_TYPES: ReadonlySet<string> = new Set(['hardBreak', EVENT_REF_NODE]);

/** The empty narrative document (what an untouched section holds). */
export function emptyNarrativeDoc(): NarrativeNode {
  return { type: 'doc', content: [] };
}

/**
 * One section's fragment as a `doc` node. Element types and marks the editor does not know are
 * read as they are (an export keeps whatever is stored); `checkNarrativeDoc` is what refuses them.
 */
export function fragmentToNarrativeDoc(fragment: Y.XmlFragment): NarrativeNode {
  return { type: 'doc', content: childrenToNodes(fragment) };
}

function childrenToNodes(parent: Y.XmlFragment | Y.XmlElement): NarrativeNode[] {
  const nodes: NarrativeNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) nodes.push(...textToNodes(child));
    else if (child instanceof Y.XmlElement) nodes.push(elementToNode(child));
  }
  return nodes;
}

function elementToNode(element: Y.XmlElement): NarrativeNode {
  const node: NarrativeNode = { type: element.nodeName as NarrativeNodeType };
  const attrs = cleanAttrs(element.getAttributes() as Record<string, unknown>);
  if (attrs) node.attrs = attrs;
  const content = childrenToNodes(element);
  // Leaves (hardBreak, eventRef) have no content array, containers always have one, as ProseMirror writes them.
  if (content.length > 0 || !LEAF_TYPES.has(element.nodeName)) node.content = content;
  return node;
}

function textToNodes(text: Y.XmlText): NarrativeNode[] {
  const nodes: NarrativeNode[] = [];
  for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string' || op.insert === '') continue;
    const node: NarrativeNode = { type: 'text', text: op.insert };
    const marks = attributesToMarks(op.attributes);
    if (marks.length > 0) node.marks = marks;
    nodes.push(node);
  }
  return nodes;
}

function attributesToMarks(attributes: Record<string, unknown> | undefined): NarrativeMark[] {
  if (!attributes) return [];
  const marks: NarrativeMark[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    const type = key.replace(/--[a-zA-Z0-9+/=]+$/, '') as NarrativeMarkType;
    const mark: NarrativeMark = { type };
    const attrs = typeof value === 'object' ? cleanAttrs(value as Record<string, unknown>) : undefined;
    if (attrs) mark.attrs = attrs;
    marks.push(mark);
  }
  // A fixed order, so one text reads the same whatever order its marks were applied in.
  return marks.sort((a, b) => markRank(a.type) - markRank(b.type) || compare(a.type, b.type));
}

function markRank(type: string): number {
  const rank = (NARRATIVE_MARK_TYPES as readonly string[]).indexOf(type);
  return rank === -1 ? NARRATIVE_MARK_TYPES.length : rank;
}

// Null attributes are how ProseMirror says "unset"; y-prosemirror does not store them either.
function cleanAttrs(raw: Record<string, unknown>): Record<string, NarrativeAttrValue> | undefined {
  const attrs: Record<string, NarrativeAttrValue> = {};
  for (const key of Object.keys(raw).sort()) {
    const value = raw[key];
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    )
      attrs[key] = value;
  }
  return Object.keys(attrs).length > 0 ? attrs : undefined;
}

/** A problem found in a narrative document: where (a path below the doc) and what. */
export interface NarrativeProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The first structural problem of a narrative document, or null when the board's editor can hold
 * it: known node and mark types, blocks where blocks go, text only inside paragraphs and headings,
 * list items only inside lists, at most NARRATIVE_MAX_DEPTH levels.
 */
export function checkNarrativeDoc(doc: unknown): NarrativeProblem | null {
  if (!isRecord(doc) || doc.type !== 'doc')
    return { path: ['type'], message: 'the narrative root must be a "doc" node' };
  return checkChildren(doc, [], 'block', 1);
}

type Expect = 'block' | 'inline' | 'listItem';

function checkChildren(node: Record<string, unknown>, path: (string | number)[], expect: Expect, depth: number) {
  if (depth > NARRATIVE_MAX_DEPTH) return { path, message: `nested more than ${NARRATIVE_MAX_DEPTH} levels deep` };
  const content = node.content;
  if (content === undefined) return null;
  if (!Array.isArray(content)) return { path: [...path, 'content'], message: 'content must be an array of nodes' };
  for (const [index, child] of content.entries()) {
    const at = [...path, 'content', index];
    const problem = checkNode(child, at, expect, depth);
    if (problem) return problem;
  }
  return null;
}

function checkNode(node: unknown, path: (string | number)[], expect: Expect, depth: number): NarrativeProblem | null {
  if (!isRecord(node) || typeof node.type !== 'string')
    return { path, message: 'a node must be an object with a type' };
  const type = node.type;
  if (!(NARRATIVE_NODE_TYPES as readonly string[]).includes(type) || type === 'doc') {
    return { path: [...path, 'type'], message: `unknown node type ${JSON.stringify(type)}` };
  }
  const allowed =
    expect === 'block' ? BLOCK_TYPES.has(type) : expect === 'inline' ? INLINE_TYPES.has(type) : type === 'listItem';
  if (!allowed) {
    const where = expect === 'block' ? 'a block' : expect === 'inline' ? 'text or a hard break' : 'a listItem';
    return { path: [...path, 'type'], message: `expected ${where} here, got ${JSON.stringify(type)}` };
  }
  const attrsProblem = checkAttrs(node.attrs, [...path, 'attrs']);
  if (attrsProblem) return attrsProblem;
  if (type === 'text') {
    if (typeof node.text !== 'string' || node.text === '') {
      return { path: [...path, 'text'], message: 'a text node needs a non-empty text' };
    }
    if (node.content !== undefined) return { path: [...path, 'content'], message: 'a text node has no content' };
    return checkMarks(node.marks, [...path, 'marks']);
  }
  if (node.text !== undefined || node.marks !== undefined) {
    return { path, message: `only text nodes have text and marks, not ${JSON.stringify(type)}` };
  }
  if (type === 'heading') {
    const level = isRecord(node.attrs) ? node.attrs.level : undefined;
    if (level !== undefined && !(typeof level === 'number' && Number.isInteger(level) && level >= 1 && level <= 6)) {
      return { path: [...path, 'attrs', 'level'], message: 'a heading level must be an integer from 1 to 6' };
    }
  }
  if (type === EVENT_REF_NODE) {
    const problem = checkEventRefAttrs(node.attrs, [...path, 'attrs']);
    if (problem) return problem;
  }
  if (LEAF_TYPES.has(type)) {
    return Array.isArray(node.content) && node.content.length > 0
      ? {
          path: [...path, 'content'],
          message: `${type === 'hardBreak' ? 'a hard break' : 'a citation'} has no content`,
        }
      : null;
  }
  const childExpect: Expect =
    type === 'paragraph' || type === 'heading'
      ? 'inline'
      : type === 'bulletList' || type === 'orderedList'
        ? 'listItem'
        : 'block';
  return checkChildren(node, path, childExpect, depth + 1);
}

// A citation holds the cited event's id and nothing else; null (or none) cites a removed event.
function checkEventRefAttrs(attrs: unknown, path: (string | number)[]): NarrativeProblem | null {
  if (attrs === undefined) return null;
  for (const [key, value] of Object.entries(attrs as Record<string, unknown>)) {
    if (key !== EVENT_REF_ATTR)
      return { path: [...path, key], message: `a citation has only the attribute ${EVENT_REF_ATTR}` };
    if (value !== null && !isEventId(value)) {
      return { path: [...path, key], message: 'a cited event id is 1-64 letters, digits, "-" or "_"' };
    }
  }
  return null;
}

function checkMarks(marks: unknown, path: (string | number)[]): NarrativeProblem | null {
  if (marks === undefined) return null;
  if (!Array.isArray(marks)) return { path, message: 'marks must be an array' };
  for (const [index, mark] of marks.entries()) {
    if (!isRecord(mark) || !(NARRATIVE_MARK_TYPES as readonly unknown[]).includes(mark.type)) {
      return {
        path: [...path, index, 'type'],
        message: `unknown mark ${JSON.stringify(isRecord(mark) ? mark.type : mark)}`,
      };
    }
    const attrsProblem = checkAttrs(mark.attrs, [...path, index, 'attrs']);
    if (attrsProblem) return attrsProblem;
  }
  return null;
}

function checkAttrs(attrs: unknown, path: (string | number)[]): NarrativeProblem | null {
  if (attrs === undefined) return null;
  if (!isRecord(attrs)) return { path, message: 'attrs must be an object' };
  for (const [key, value] of Object.entries(attrs)) {
    const scalar =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!scalar) return { path: [...path, key], message: 'an attribute must be a string, number, boolean or null' };
  }
  return null;
}

/**
 * Writes a (checked) narrative document into an empty section fragment, as y-prosemirror would
 * store it: adjacent text nodes become one Y.XmlText with their marks as formatting attributes.
 */
export function writeNarrativeDoc(fragment: Y.XmlFragment, doc: NarrativeNode): void {
  fragment.insert(0, nodesToTypes(doc.content ?? []));
}

function nodesToTypes(nodes: readonly NarrativeNode[]): (Y.XmlElement | Y.XmlText)[] {
  const types: (Y.XmlElement | Y.XmlText)[] = [];
  let run: NarrativeNode[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const text = new Y.XmlText();
    text.applyDelta(run.map((node) => ({ insert: node.text ?? '', attributes: marksToAttributes(node.marks) })));
    types.push(text);
    run = [];
  };
  for (const node of nodes) {
    if (node.type === 'text') {
      run.push(node);
      continue;
    }
    flush();
    const element = new Y.XmlElement(node.type);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      if (value !== null) element.setAttribute(key, value as string);
    }
    element.insert(0, nodesToTypes(node.content ?? []));
    types.push(element);
  }
  flush();
  return types;
}

function marksToAttributes(marks: readonly NarrativeMark[] | undefined): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const mark of marks ?? []) attributes[mark.type] = { ...(mark.attrs ?? {}) };
  return attributes;
}

/** A narrative document of plain text: one paragraph per line (for files that give only `text`). */
export function textToNarrativeDoc(text: string): NarrativeNode {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return {
    type: 'doc',
    content:
      text === ''
        ? []
        : lines.map((line) => ({
            type: 'paragraph' as const,
            content: line === '' ? [] : [{ type: 'text' as const, text: line }],
          })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
