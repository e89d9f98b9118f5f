import { FINDING_CATEGORIES, KEY_TIMES, NARRATIVE_SECTIONS } from '../schema';
import type { KeyTime } from '../schema';
import { formatDuration } from '../metrics';
import {
  ACTION_PRIORITY_LABELS,
  ACTION_STATUS_LABELS,
  ACTION_TYPE_LABELS,
  CATEGORY_LABELS,
  KEY_TIME_LABELS,
  NARRATIVE_LABELS,
  TIMELINE_KIND_LABELS,
} from '../labels';
import { NARRATIVE_MARK_TYPES, type NarrativeMark, type NarrativeNode } from './prosemirror';
import { exportRelations } from './relations';
import type { ExportedFinding, ReviewExportData } from './to-export';

/** `2026-03-14 09:41 UTC`, with seconds only when they are not zero. */
function formatUtc(iso: string, suffix = true): string {
  const match = /^(\d{4,}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?/.exec(iso);
  if (!match) return iso;
  const seconds = match[3] && match[3] !== '00' ? `:${match[3]}` : '';
  return `${match[1]} ${match[2]}${seconds}${suffix ? ' UTC' : ''}`;
}

/**
 * The review as GitHub-flavoured Markdown, ready to paste into an issue tracker or a wiki.
 *
 * Every piece of user text goes through `escapeMarkdown` (or `escapeTableCell`): whatever people
 * typed reads back as the same literal text and can never add markup, HTML, links or structure.
 */

/**
 * Where escaped text lands: at the start of a line (where `#`, `>`, `-`, `1.` would start a block),
 * or after this character of the output (`' '` for after a space).
 */
export type MarkdownContext = { lineStart: true } | { lineStart: false; before: string };

const LINE_START: MarkdownContext = { lineStart: true };
const MID_LINE: MarkdownContext = { lineStart: false, before: ' ' };
const AFTER_STARS: MarkdownContext = { lineStart: false, before: '*' };

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
// ASCII punctuation: a backslash before one of these is an escape, anywhere else it is a backslash.
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * User text as literal Markdown inline text, escaping only what would have a meaning where it lands
 * (checked against a CommonMark parser in markdown.test.ts):
 * - anywhere: `*`, `` ` ``, `[`, `]`, `|` (a table, even outside one, as a list item's second line),
 *   `\` before punctuation or at the end; `_` unless inside a word (`snake_case` stays); `~` unless a
 *   single one after a space and before a word (`~1,900` stays; `~~` or `a~` are escaped); `$` unless
 *   after a space and before a digit (`$120` stays, `$x$` math does not form); `<` before a letter,
 *   `/`, `!` or `?` (a tag, a comment, an autolink: written `&lt;`); `&` before entity-like text
 *   (`&amp;lt;`); a `#` run at the end after a space (a heading's closing sequence);
 * - at the start of a line: a heading `#`, a quote `>`, a list marker `-`, `+` or `1.`/`1)`, a
 *   thematic break `---`;
 * - line breaks become `<br>`, so the text stays on one line and no later line can start a block.
 * Parentheses, `>` inside a line, `~` before a number, `-` inside a word, numbers: as typed.
 */
export function escapeMarkdown(text: string, context: MarkdownContext = LINE_START): string {
  const chars = [...text.replace(/\r\n?/g, '\n')];
  const at = (index: number): string => chars[index] ?? '';
  const previous = (index: number): string => (index > 0 ? chars[index - 1]! : context.lineStart ? '' : context.before);
  let out = '';
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    const next = at(index + 1);
    switch (char) {
      case '\n':
        out += '<br>';
        break;
      case '*':
      case '`':
      case '[':
      case ']':
      case '|':
        out += `\\${char}`;
        break;
      case '\\':
        out += next === '' || ASCII_PUNCTUATION.test(next) || next === '\n' ? '\\\\' : '\\';
        break;
      case '_':
        out += index > 0 && WORD.test(at(index - 1)) && WORD.test(next) ? '_' : '\\_';
        break;
      case '~': {
        const before = previous(index);
        const single = before !== '~' && next !== '~';
        out += single && (before === '' || SPACE.test(before)) && next !== '' && WORD.test(next) ? '~' : '\\~';
        break;
      }
      case '$': {
        const before = previous(index);
        out += (before === '' || SPACE.test(before)) && /[0-9]/.test(next) ? '$' : '\\$';
        break;
      }
      case '<':
        out += /[A-Za-z/!?]/.test(next) ? '&lt;' : '<';
        break;
      case '&':
        out += /^#?[0-9A-Za-z]+;/.test(chars.slice(index + 1, index + 34).join('')) ? '&amp;' : '&';
        break;
      default:
        out += char;
    }
  }
  // A run of `#` at the very end after a space (or alone) would close a heading and vanish.
  out = out.replace(/(^|\s)(#+)(\s*)$/u, '$1\\$2$3');
  if (!context.lineStart) return out;
  return (
    out
      .replace(/^(\s*)(#{1,6})(?=\s|$)/u, '$1\\$2')
      .replace(/^(\s*)>/u, '$1\\>')
      .replace(/^(\s*)([-+])(?=\s|$)/u, '$1\\$2')
      // "--" after a list item's "- " makes the whole line a thematic break
      .replace(/^(\s*)(-)(?=(?:[ \t]*-)+[ \t]*$)/u, '$1\\$2')
      .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/u, '$1\\$2')
  );
}

/** User text for one GFM table cell: `escapeMarkdown` (`|` included) mid-line, trimmed, one line. */
export function escapeTableCell(text: string): string {
  return escapeMarkdown(text.trim(), MID_LINE);
}

/** A whole review as Markdown. */
export function exportMarkdown(data: ReviewExportData): string {
  const blocks: string[] = [];
  blocks.push(`# ${escapeMarkdown(oneLine(data.review.title), MID_LINE) || 'Untitled review'}`);
  blocks.push(headerFacts(data));
  if (data.redacted) {
    blocks.push('_Redacted: participant names are replaced by neutral labels ("Participant 1", "Participant 2", …)._');
  }
  for (const section of NARRATIVE_SECTIONS) {
    const body = narrativeToMarkdown(data.narrative[section].doc);
    blocks.push(`## ${NARRATIVE_LABELS[section]}`, body === '' ? '_Nothing written._' : body);
  }
  blocks.push('## Timeline', timelineTable(data));
  blocks.push('## Findings', ...findingsBlocks(data));
  blocks.push('## Root causes', ...rootCauseBlocks(data));
  blocks.push('## Action items', actionsTable(data));
  blocks.push('---', `_Exported from Hindsight on ${formatUtc(data.exportedAt)}._`);
  return `${blocks.join('\n\n')}\n`;
}

function headerFacts(data: ReviewExportData): string {
  const { review } = data;
  const facts: string[] = [`- **Severity:** ${review.severity}`];
  if (review.status === 'closed') {
    const at = review.closedAt ? ` on ${formatUtc(review.closedAt)}` : '';
    const by = review.closedBy ? ` by ${escapeMarkdown(oneLine(review.closedBy), MID_LINE)}` : '';
    facts.push(`- **Status:** Closed${at}${by}`);
  } else {
    facts.push('- **Status:** Live');
  }
  const durations: Partial<Record<KeyTime, [string, number | null]>> = {
    detected: ['time to detect', review.durations.timeToDetectMs],
    mitigated: ['time to mitigate', review.durations.timeToMitigateMs],
    resolved: ['time to resolve', review.durations.timeToResolveMs],
  };
  for (const key of KEY_TIMES) {
    const at = review.keyTimes[key];
    const duration = durations[key];
    const derived = duration && duration[1] !== null ? ` (${duration[0]}: ${formatDuration(duration[1])})` : '';
    facts.push(`- **${KEY_TIME_LABELS[key]}:** ${at ? formatUtc(at) : 'not recorded'}${derived}`);
  }
  return facts.join('\n');
}

function timelineTable(data: ReviewExportData): string {
  if (data.timeline.length === 0) return '_No events._';
  const rows = data.timeline.map((event) => [
    formatUtc(event.at, false),
    TIMELINE_KIND_LABELS[event.kind],
    escapeTableCell(event.text),
    escapeTableCell(event.source),
  ]);
  return table(['Time (UTC)', 'Kind', 'What happened', 'Source'], rows);
}

function findingsBlocks(data: ReviewExportData): string[] {
  const blocks: string[] = [];
  for (const category of FINDING_CATEGORIES) {
    blocks.push(`### ${CATEGORY_LABELS[category]}`);
    const lines: string[] = [];
    // As on the board: a group lists the notes in its column; a note whose group sits elsewhere shows loose.
    const groups = data.groups.filter((group) => group.category === category);
    const grouped = new Set<string>();
    for (const group of groups) {
      const members = data.findings.filter((finding) => finding.group === group.ref && finding.category === category);
      members.forEach((finding) => grouped.add(finding.ref));
      lines.push(`- **${escapeMarkdown(oneLine(group.name).trim(), AFTER_STARS) || 'Untitled group'}** (group)`);
      for (const finding of members) lines.push(`  - ${findingLine(finding)}`);
    }
    for (const finding of data.findings) {
      if (finding.category === category && !grouped.has(finding.ref)) lines.push(`- ${findingLine(finding)}`);
    }
    blocks.push(lines.length === 0 ? '_None._' : lines.join('\n'));
  }
  return blocks;
}

function findingLine(finding: ExportedFinding): string {
  const text = escapeMarkdown(finding.text.trim()) || '_(empty)_';
  if (finding.anonymous) return `${text} — *Anonymous*`;
  if (!finding.author) return text;
  const byline = `${text} — *${escapeMarkdown(oneLine(finding.author).trim(), AFTER_STARS)}*`;
  if (!finding.editedBy) return byline;
  return `${byline} (edited by *${escapeMarkdown(oneLine(finding.editedBy).trim(), AFTER_STARS)}*)`;
}

function rootCauseBlocks(data: ReviewExportData): string[] {
  if (data.rootCauses.length === 0) return ['_None promoted._'];
  const relations = exportRelations(data);
  const revealed = data.rootCauses.every((rootCause) => rootCause.votes !== null);
  const ranked = revealed
    ? data.rootCauses
        .map((rootCause, order) => ({ rootCause, order }))
        .sort((a, b) => b.rootCause.votes! - a.rootCause.votes! || a.order - b.order)
        .map(({ rootCause }) => rootCause)
    : data.rootCauses;
  const lines = ranked.map((rootCause, index) => {
    const text = escapeMarkdown(oneLine(rootCause.text).trim()) || '_(empty)_';
    const count = relations.rootCauseFindingRefs(rootCause).length;
    const kind = rootCause.target.kind === 'group' ? ` (group of ${count} finding${count === 1 ? '' : 's'})` : '';
    const votes = rootCause.votes === null ? '' : ` — ${rootCause.votes} vote${rootCause.votes === 1 ? '' : 's'}`;
    return `${index + 1}. ${text}${kind}${votes}`;
  });
  const note = revealed
    ? '_Ranked by votes._'
    : '_The votes were not revealed; listed in the order the candidates were promoted._';
  return [note, lines.join('\n')];
}

function actionsTable(data: ReviewExportData): string {
  if (data.actions.length === 0) return '_No action items._';
  const relations = exportRelations(data);
  const rows = data.actions.map((action) => [
    escapeTableCell(action.title),
    escapeTableCell(action.owner) || '—',
    action.due || '—',
    ACTION_STATUS_LABELS[action.status],
    ACTION_PRIORITY_LABELS[action.priority],
    ACTION_TYPE_LABELS[action.type],
    relations
      .actionRootCauses(action)
      .map((rootCause) => escapeTableCell(oneLine(rootCause.text)))
      .join('<br>') || '—',
    relations
      .actionFindingTexts(action)
      .map((text) => escapeTableCell(text))
      .join('<br>') || '—',
  ]);
  return table(['Title', 'Owner', 'Due', 'Status', 'Priority', 'Type', 'Root cause', 'Findings'], rows);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

// ---- Narrative: ProseMirror JSON to Markdown ----

/** A narrative document as Markdown blocks; '' when it holds no text. */
export function narrativeToMarkdown(doc: NarrativeNode): string {
  return renderBlocks(doc.content ?? []);
}

function renderBlocks(nodes: readonly NarrativeNode[]): string {
  const blocks: string[] = [];
  let inline: NarrativeNode[] = [];
  const flushInline = () => {
    if (inline.length > 0) blocks.push(renderParagraph(inline));
    inline = [];
  };
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'hardBreak') {
      inline.push(node); // loose text outside a paragraph reads as one
      continue;
    }
    flushInline();
    blocks.push(renderBlock(node));
  }
  flushInline();
  return blocks.filter((block) => block !== '').join('\n\n');
}

function renderBlock(node: NarrativeNode): string {
  const content = node.content ?? [];
  switch (node.type) {
    case 'paragraph':
      return renderParagraph(content);
    case 'heading': {
      const text = renderParagraph(content);
      // The board's section headings are h2 here, so the narrative's own headings start at h3.
      const stored = typeof node.attrs?.level === 'number' ? node.attrs.level : 4;
      return text === '' ? '' : `${'#'.repeat(Math.min(6, Math.max(3, stored - 1)))} ${text}`;
    }
    case 'bulletList':
    case 'orderedList': {
      const start = typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
      const items = content.map((item, index) => {
        const marker = node.type === 'bulletList' ? '- ' : `${start + index}. `;
        const body = renderItem(item.content ?? []);
        return indent(body, marker);
      });
      return items.join('\n');
    }
    case 'blockquote': {
      const body = renderBlocks(content);
      return body === ''
        ? ''
        : body
            .split('\n')
            .map((line) => (line === '' ? '>' : `> ${line}`))
            .join('\n');
    }
    default:
      return renderBlocks(content);
  }
}

// A list item's blocks: a nested list follows its paragraph directly, other blocks after a blank line.
function renderItem(nodes: readonly NarrativeNode[]): string {
  let out = '';
  for (const node of nodes) {
    const block = node.type === 'text' || node.type === 'hardBreak' ? renderParagraph([node]) : renderBlock(node);
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
function renderParagraph(nodes: readonly NarrativeNode[]): string {
  return renderInline(nodes)
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

function renderInline(nodes: readonly NarrativeNode[]): string {
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
