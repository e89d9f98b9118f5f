import * as Y from 'yjs';
import { citedEvent, EVENT_REF_ATTR, EVENT_REF_NODE } from '@hindsight/review';

/**
 * A narrative section's rich text as plain data, read straight from its Y.XmlFragment (the shape
 * y-prosemirror stores for the Tiptap StarterKit: paragraphs, headings, lists, quotes, hard breaks
 * and the bold/italic/strike/code/underline/link marks). The report renders it without loading the
 * editor; unknown nodes keep their text, so nothing written is ever dropped from the report.
 */

export interface TextMarks {
  bold?: true;
  italic?: true;
  strike?: true;
  code?: true;
  underline?: true;
  /** A safe link target (http, https or mailto); other links show as plain text. */
  link?: string;
}

export type RichInline =
  | { kind: 'text'; text: string; marks: TextMarks }
  | { kind: 'break' }
  /** A citation of a timeline event, as the event reads now (`event` null once it was removed). */
  | { kind: 'citation'; event: { id: string; at: string; text: string } | null };

export type RichBlock =
  | { kind: 'paragraph'; content: RichInline[] }
  | { kind: 'heading'; content: RichInline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: RichBlock[][] }
  | { kind: 'quote'; blocks: RichBlock[] };

/** The blocks of a fragment; empty paragraphs (the editor's empty document) are left out. */
export function readRichText(fragment: Y.XmlFragment): RichBlock[] {
  return readBlocks(fragment.toArray());
}

/** True when the blocks hold no visible text. */
export function isEmptyRichText(blocks: readonly RichBlock[]): boolean {
  return blocks.every((block) => {
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        return block.content.every(
          (inline) => inline.kind === 'break' || (inline.kind === 'text' && inline.text.trim() === ''),
        );
      case 'list':
        return block.items.every((item) => isEmptyRichText(item));
      case 'quote':
        return isEmptyRichText(block.blocks);
    }
  });
}

type Child = Y.XmlElement | Y.XmlText | Y.XmlHook | Y.AbstractType<unknown>;

function readBlocks(children: readonly Child[]): RichBlock[] {
  const blocks: RichBlock[] = [];
  let loose: RichInline[] = [];
  const flushLoose = () => {
    if (loose.length > 0) blocks.push({ kind: 'paragraph', content: loose });
    loose = [];
  };
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      loose.push(...readInline(child));
      continue;
    }
    if (!(child instanceof Y.XmlElement)) continue;
    flushLoose();
    const block = readBlock(child);
    if (block) blocks.push(...block);
  }
  flushLoose();
  return blocks.filter((block) => !(block.kind === 'paragraph' && block.content.length === 0));
}

function readBlock(element: Y.XmlElement): RichBlock[] | null {
  switch (element.nodeName) {
    case 'paragraph':
      return [{ kind: 'paragraph', content: readInlines(element) }];
    case 'heading':
      return [{ kind: 'heading', content: readInlines(element) }];
    case 'bulletList':
    case 'orderedList': {
      const ordered = element.nodeName === 'orderedList';
      const start = Number(element.getAttribute('start'));
      const items = element
        .toArray()
        .filter((item): item is Y.XmlElement => item instanceof Y.XmlElement)
        .map((item) => readBlocks(item.toArray()));
      return [{ kind: 'list', ordered, start: Number.isInteger(start) && start > 0 ? start : 1, items }];
    }
    case 'blockquote':
      return [{ kind: 'quote', blocks: readBlocks(element.toArray()) }];
    case 'hardBreak':
      return null;
    default: {
      // Something this report does not know (a newer editor's node): keep its words.
      const inner = readBlocks(element.toArray());
      return inner.length > 0 ? inner : null;
    }
  }
}

function readInlines(element: Y.XmlElement): RichInline[] {
  const inlines: RichInline[] = [];
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) inlines.push(...readInline(child));
    else if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') inlines.push({ kind: 'break' });
    else if (child instanceof Y.XmlElement && child.nodeName === EVENT_REF_NODE) inlines.push(readCitation(child));
    else if (child instanceof Y.XmlElement) inlines.push(...readInlines(child));
  }
  return inlines;
}

function readCitation(element: Y.XmlElement): RichInline {
  const event = element.doc ? citedEvent(element.doc, element.getAttribute(EVENT_REF_ATTR)) : null;
  return { kind: 'citation', event: event && { id: event.id, at: event.at, text: event.text } };
}

function readInline(text: Y.XmlText): RichInline[] {
  const delta = text.toDelta() as Array<{ insert?: unknown; attributes?: Record<string, unknown> }>;
  const inlines: RichInline[] = [];
  for (const op of delta) {
    if (typeof op.insert !== 'string' || op.insert === '') continue;
    inlines.push({ kind: 'text', text: op.insert, marks: readMarks(op.attributes) });
  }
  return inlines;
}

// y-prosemirror names a mark after its type, with a `--<hash>` suffix when marks of one type overlap.
const MARK_NAME = /^(.*?)(--[a-zA-Z0-9+/=]{8})?$/;

function readMarks(attributes: Record<string, unknown> | undefined): TextMarks {
  const marks: TextMarks = {};
  if (!attributes) return marks;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    const type = MARK_NAME.exec(name)?.[1] ?? name;
    switch (type) {
      case 'bold':
      case 'italic':
      case 'strike':
      case 'code':
      case 'underline':
        marks[type] = true;
        break;
      case 'link': {
        const href = safeHref((value as { href?: unknown }).href);
        if (href) marks.link = href;
        break;
      }
    }
  }
  return marks;
}

/** The link target when it is one a report may link to (http, https, mailto); else undefined. */
export function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
