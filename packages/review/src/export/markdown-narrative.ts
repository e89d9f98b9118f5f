// A narrative section (ProseMirror JSON, as the board's editor stores it) as Markdown blocks.
import { escapeMarkdown, LINE_START, type MarkdownContext } from './markdown-escape';
import { NARRATIVE_MARK_TYPES, type NarrativeMark, type NarrativeNode } from './prosemirror';
import { EVENT_REF_NODE, REMOVED_EVENT_LABEL } from '../citations';
import { citationTarget } from './citations';

/**
 * How a citation reads, as Markdown: given the event it names (null: none), the event's time and
 * words linking to its anchor. Without one, a citation reads as the removed event it names.
 */
export type CitationRenderer = (eventId: string | null) => string;

/** A citation of an event that is not there (removed before the export), as Markdown. */
export const REMOVED_CITATION_MARKDOWN = `*(${REMOVED_EVENT_LABEL})*`;
const REMOVED_CITATION: CitationRenderer = () => REMOVED_CITATION_MARKDOWN;

/** A narrative document as Markdown blocks; '' when it holds no text. */
export function narrativeToMarkdown(doc: NarrativeNode, cite: CitationRenderer = REMOVED_CITATION): string {
  return renderBlocks(doc.content ?? [], cite);
}

const isInline = (node: NarrativeNode) =>
  node.type === 'text' || node.type === 'hardBreak' || node.type === EVENT_REF_NODE;

function renderBlocks(nodes: readonly NarrativeNode[], cite: CitationRenderer): string {
  const blocks: string[] = [];
  let inline: NarrativeNode[] = [];
  const flushInline = () => {
    if (inline.length > 0) blocks.push(renderParagraph(inline, cite));
    inline = [];
  };
  for (const node of nodes) {
    if (isInline(node)) {
      inline.push(node); // loose text outside a paragraph reads as one
      continue;
    }
    flushInline();
    blocks.push(renderBlock(node, cite));
  }
  flushInline();
  return blocks.filter((block) => block !== '').join('\n\n');
}

function renderBlock(node: NarrativeNode, cite: CitationRenderer): string {
  const content = node.content ?? [];
  switch (node.type) {
    case 'paragraph':
      return renderParagraph(content, cite);
    case 'heading': {
      const text = renderParagraph(content, cite);
      // The board's section headings are h2 here, so the narrative's own headings start at h3.
      const stored = typeof node.attrs?.level === 'number' ? node.attrs.level : 4;
      return text === '' ? '' : `${'#'.repeat(Math.min(6, Math.max(3, stored - 1)))} ${text}`;
    }
    case 'bulletList':
    case 'orderedList': {
      const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
      const items = content.map((item, index) => {
        const marker = node.type === 'bulletList' ? '- ' : `${start + index}. `;
        const body = renderItem(item.content ?? [], cite);
        return indent(body, marker);
      });
      return items.join('\n');
    }
    case 'blockquote': {
      const body = renderBlocks(content, cite);
      return body === ''
        ? ''
        : body
            .split('\n')
            .map((line) => (line === '' ? '>' : `> ${line}`))
            .join('\n');
    }
    default:
      return renderBlocks(content, cite);
  }
}

// A list item's blocks: a nested list follows its paragraph directly, other blocks after a blank line.
function renderItem(nodes: readonly NarrativeNode[], cite: CitationRenderer): string {
  let out = '';
  for (const node of nodes) {
    const block = isInline(node) ? renderParagraph([node], cite) : renderBlock(node, cite);
    if (block === '') continue;
    if (out !== '') out += node.type === 'bulletList' || node.type === 'orderedList' ? '\n' : '\n\n';
    out += block;
  }
  return out;
}

function indent(body: string, marker: string): string {
  const pad = ' '.repeat(marker.length);
  const lines = body === '' ? [''] : body.split('\n');
  return lines
    .map((line, index) => (index === 0 ? marker + line : line === '' ? '' : pad + line))
    .join('\n')
    .trimEnd();
}

// Indentation at the start of a paragraph would make it a code block; it carries no meaning here.
function renderParagraph(nodes: readonly NarrativeNode[], cite: CitationRenderer): string {
  return renderInline(nodes, cite)
    .replace(/^(?:\s|&nbsp;)+/, '')
    .trimEnd();
}

const MARK_SYNTAX: Record<string, [string, string] | undefined> = {
  bold: ['**', '**'],
  italic: ['*', '*'],
  strike: ['~~', '~~'],
};

/** Where text appended to a paragraph's `out` lands: its line's start while only spaces came before. */
function contextAfter(out: string): MarkdownContext {
  return out.trim() === '' ? LINE_START : { lineStart: false, before: out.at(-1)! };
}

function renderInline(nodes: readonly NarrativeNode[], cite: CitationRenderer): string {
  let out = '';
  const open: NarrativeMark[] = [];
  const closeTo = (keep: number) => {
    if (open.length <= keep) return;
    // Closing delimiters must touch the text: trailing spaces move outside them.
    const trailing = /\s*$/.exec(out)![0];
    out = out.slice(0, out.length - trailing.length);
    while (open.length > keep) out += closer(open.pop()!);
    out += trailing;
  };
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      out += '<br>';
      continue;
    }
    if (node.type === EVENT_REF_NODE) {
      // A citation is a link of its own: the marks around it close first and reopen after it.
      closeTo(0);
      out += cite(citationTarget(node));
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const text = node.text;
    const isCode = (node.marks ?? []).some((mark) => mark.type === 'code');
    if (text.trim() === '' && !isCode) {
      out += escapeMarkdown(text, contextAfter(out));
      continue;
    }
    const marks = renderableMarks(node.marks);
    let keep = 0;
    while (keep < open.length && keep < marks.length && sameMark(open[keep]!, marks[keep]!)) keep++;
    closeTo(keep);
    let body = text;
    if (marks.length > keep) {
      // Opening delimiters must touch the text too: leading spaces go before them.
      const leading = /^\s*/.exec(body)![0];
      out += escapeMarkdown(leading, contextAfter(out));
      body = body.slice(leading.length);
      for (const mark of marks.slice(keep)) {
        // A `!` just before a link's `[` would make it an image.
        if (mark.type === 'link' && out.endsWith('!')) out = `${out.slice(0, -1)}\\!`;
        out += opener(mark);
        open.push(mark);
      }
    }
    out += isCode ? codeSpan(body) : escapeMarkdown(body, contextAfter(out));
  }
  closeTo(0);
  return out;
}

// Marks Markdown can show, outermost first; underline has no Markdown form, and an unsafe link
// shows as its text.
function renderableMarks(marks: readonly NarrativeMark[] | undefined): NarrativeMark[] {
  return (marks ?? [])
    .filter((mark) => (mark.type === 'link' ? safeHref(mark) !== null : MARK_SYNTAX[mark.type] !== undefined))
    .sort((a, b) => NARRATIVE_MARK_TYPES.indexOf(a.type) - NARRATIVE_MARK_TYPES.indexOf(b.type));
}

function sameMark(a: NarrativeMark, b: NarrativeMark): boolean {
  return a.type === b.type && (a.type !== 'link' || safeHref(a) === safeHref(b));
}

function opener(mark: NarrativeMark): string {
  return mark.type === 'link' ? '[' : MARK_SYNTAX[mark.type]![0];
}

function closer(mark: NarrativeMark): string {
  return mark.type === 'link' ? `](${safeHref(mark)})` : MARK_SYNTAX[mark.type]![1];
}

/** A link target safe to put in Markdown (http, https or mailto, percent-encoded), or null. */
function safeHref(mark: NarrativeMark): string | null {
  const href = mark.attrs?.href;
  if (typeof href !== 'string') return null;
  const trimmed = href.trim();
  if (!/^(https?:\/\/|mailto:)\S/i.test(trimmed) || /[\u0000-\u001f\u007f]/.test(trimmed)) return null;
  // Percent-encoded, nothing in the target can end it or add Markdown: spaces, brackets, quotes, emphasis.
  return trimmed.replace(/[\s()<>\\`"'[\]*_|]/g, (char) => encodeURIComponent(char).replace(/[!'()*]/g, percent));
}

function percent(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Literal code: a backtick fence longer than any run inside, so nothing in it ends the span early. */
function codeSpan(text: string): string {
  const body = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
