import { FINDING_CATEGORIES, KEY_TIMES, NARRATIVE_SECTIONS } from '../schema';
import type { KeyTime } from '../schema';
import { formatDuration } from '../metrics';
import {
  ACTION_PRIORITY_LABELS,
  ACTION_STATUS_LABELS,
  ACTION_TYPE_LABELS,
  CATEGORY_LABELS,
  formatUtc,
  KEY_TIME_LABELS,
  NARRATIVE_LABELS,
  TIMELINE_KIND_LABELS,
} from './labels';
import { NARRATIVE_MARK_TYPES, type NarrativeMark, type NarrativeNode } from './prosemirror';
import { exportRelations } from './relations';
import type { ExportedFinding, ReviewExportData } from './to-export';

/**
 * The review as GitHub-flavoured Markdown, ready to paste into an issue tracker or a wiki.
 *
 * Every piece of user text goes through `escapeMarkdown` (or `escapeTableCell`): whatever people
 * typed reads back as the same literal text and can never add markup, HTML, links or structure.
 */

// Characters with a meaning somewhere in CommonMark or GFM (emphasis, links, code, headings, tables,
// strikethrough, math) are escaped wherever they appear; a backslash before ASCII punctuation always
// renders the character itself.
const ALWAYS_ESCAPED = /[\\`*_[\]()#~|$]/g;

/**
 * User text as literal Markdown inline text: HTML-significant characters become entities
 * (`<` → `&lt;`, `>` → `&gt;`, `&` → `&amp;`), Markdown punctuation gets a backslash, a leading
 * `-`, `+` or `1.` cannot start a list, and line breaks become `<br>` so the text stays on one line
 * (no line of it can start a block of its own).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(ALWAYS_ESCAPED, (char) => `\\${char}`)
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)\./, '$1\\.')
    .replace(/\n/g, '<br>');
}

/** User text for one GFM table cell: `escapeMarkdown` (which also escapes `|`), trimmed, one line. */
export function escapeTableCell(text: string): string {
  return escapeMarkdown(text.trim());
}

/** A whole review as Markdown. */
export function exportMarkdown(data: ReviewExportData): string {
  const blocks: string[] = [];
  blocks.push(`# ${escapeMarkdown(oneLine(data.review.title) || 'Untitled review')}`);
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
    const by = review.closedBy ? ` by ${escapeMarkdown(oneLine(review.closedBy))}` : '';
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
      lines.push(`- **${escapeMarkdown(oneLine(group.name).trim()) || 'Untitled group'}** (group)`);
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
  return finding.author ? `${text} — *${escapeMarkdown(oneLine(finding.author).trim())}*` : text;
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
      out += escapeMarkdown(text);
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
      out += escapeMarkdown(leading);
      body = body.slice(leading.length);
      for (const mark of marks.slice(keep)) {
        out += opener(mark);
        open.push(mark);
      }
    }
    out += isCode ? codeSpan(body) : escapeMarkdown(body);
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
