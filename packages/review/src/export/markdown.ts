/**
 * The review as GitHub-flavoured Markdown, ready to paste into an issue tracker or a wiki: one
 * section after another, as the board shows them. User text is escaped (markdown-escape.ts) and the
 * narrative rendered from its rich text (markdown-narrative.ts).
 */
import { CONTEXT_FIELDS, FINDING_CATEGORIES, KEY_TIMES, NARRATIVE_SECTIONS } from '../schema';
import type { KeyTime } from '../schema';
import { formatDuration, learnedGapText } from '../metrics';
import { unseenAt } from '../as-of';
import {
  ACTION_PRIORITY_LABELS,
  ACTION_STATUS_LABELS,
  ACTION_TYPE_LABELS,
  CATEGORY_LABELS,
  CONTEXT_FIELD_LABELS,
  KEY_TIME_LABELS,
  NARRATIVE_LABELS,
  TIMELINE_KIND_LABELS,
  WEAKNESS_LABELS,
} from '../labels';
import { AFTER_STARS, escapeMarkdown, escapeTableCell, MID_LINE } from './markdown-escape';
import { narrativeToMarkdown, REMOVED_CITATION_MARKDOWN, type CitationRenderer } from './markdown-narrative';
import { listCitations } from './citations';
import { actionKey, exportCoverage, exportHealth, exportRelations, targetKey } from './relations';
import type { ExportedFinding, ReviewExportData } from './to-export';

/** `2026-03-14 09:41 UTC`, with seconds only when they are not zero. */
function formatUtc(iso: string, suffix = true): string {
  const match = /^(\d{4,}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?/.exec(iso);
  if (!match) return iso;
  const seconds = match[3] && match[3] !== '00' ? `:${match[3]}` : '';
  return `${match[1]} ${match[2]}${seconds}${suffix ? ' UTC' : ''}`;
}

/** A whole review as Markdown. */
export function exportMarkdown(data: ReviewExportData): string {
  const blocks: string[] = [];
  blocks.push(`# ${escapeMarkdown(oneLine(data.review.title), MID_LINE) || 'Untitled review'}`);
  blocks.push(headerFacts(data));
  if (data.redacted) {
    blocks.push('_Redacted: participant names are replaced by neutral labels ("Participant 1", "Participant 2", …)._');
  }
  const cite = citationRenderer(data);
  for (const section of NARRATIVE_SECTIONS) {
    const body = narrativeToMarkdown(data.narrative[section].doc, cite);
    blocks.push(`## ${NARRATIVE_LABELS[section]}`, body === '' ? '_Nothing written._' : body);
  }
  blocks.push('## Timeline', timelineTable(data));
  if (data.timeline.some((event) => event.context !== null))
    blocks.push('### Decision context', ...contextBlocks(data));
  blocks.push('## Findings', ...findingsBlocks(data));
  blocks.push('## Root causes', ...rootCauseBlocks(data));
  if (data.rootCauses.length > 0) blocks.push('### Root causes and their actions', coverageTable(data));
  blocks.push('## Action items', actionsTable(data));
  blocks.push('## Gaps', gapsBlock(data));
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

/** The anchor of an event's row in the timeline table, which the narrative's citations link to. */
function eventAnchor(ref: string): string {
  return `event-${ref.toLowerCase()}`;
}

/** A citation as its event's time and words (as they read at export), linking to the event's row. */
function citationRenderer(data: ReviewExportData): CitationRenderer {
  const byRef = new Map(data.timeline.flatMap((event) => (event.ref === undefined ? [] : [[event.ref, event]])));
  return (ref) => {
    const event = ref === null ? undefined : byRef.get(ref);
    if (!event || ref === null) return REMOVED_CITATION_MARKDOWN;
    const text = escapeMarkdown(oneLine(event.text).trim(), MID_LINE) || 'Untitled event';
    return `[${formatUtc(event.at, false)} ${text}](#${eventAnchor(ref)})`;
  };
}

function timelineTable(data: ReviewExportData): string {
  if (data.timeline.length === 0) return '_No events._';
  // Cited events get an anchor to link to; the rest read as before citations existed.
  const cited = new Set(
    NARRATIVE_SECTIONS.flatMap((section) => listCitations(data.narrative[section].doc).map((c) => c.eventId)),
  );
  // The column appears once any event records when it was learned of, so older reviews read as before.
  const learned = data.timeline.some((event) => event.learnedAt !== null);
  const rows = data.timeline.map((event) => [
    // An empty HTML anchor: GitHub and most renderers keep it, so citations above can link here.
    `${event.ref !== undefined && cited.has(event.ref) ? `<a id="${eventAnchor(event.ref)}"></a>` : ''}${formatUtc(event.at, false)}`,
    ...(learned ? [learnedCell(event)] : []),
    TIMELINE_KIND_LABELS[event.kind],
    escapeTableCell(event.text),
    escapeTableCell(event.source),
  ]);
  const header = ['Time (UTC)', ...(learned ? ['Learned of (UTC)'] : []), 'Kind', 'What happened', 'Source'];
  return table(header, rows);
}

/** Under a decision: what had happened by then but was not yet known (none: no line). */
function unseenLine(data: ReviewExportData, decision: ReviewExportData['timeline'][number]): string[] {
  const unseen = unseenAt(
    data.timeline.map((event) => ({ ...event, learnedAt: event.learnedAt ?? undefined })),
    decision.at,
  );
  if (unseen.length === 0) return [];
  const items = unseen.map((event) => {
    const text = escapeMarkdown(oneLine(event.text).trim(), MID_LINE);
    return `${text} (happened ${formatUtc(event.at, false)}, seen ${formatUtc(event.learnedAt!, false)})`;
  });
  return [`- Not yet known then: ${items.join('; ')}`];
}

function learnedCell(event: ReviewExportData['timeline'][number]): string {
  if (event.learnedAt === null) return '';
  return `${formatUtc(event.learnedAt, false)} (${learnedGapText({ at: event.at, learnedAt: event.learnedAt })})`;
}

/** Each event with a context card: its time and words, then the three answers (unanswered ones said so). */
function contextBlocks(data: ReviewExportData): string[] {
  return data.timeline.flatMap((event) => {
    if (event.context === null) return [];
    const title = escapeMarkdown(oneLine(event.text).trim(), AFTER_STARS) || 'Untitled event';
    const heading = `**${formatUtc(event.at, false)} · ${TIMELINE_KIND_LABELS[event.kind]}: ${title}**`;
    const answers = CONTEXT_FIELDS.map((field) => {
      const answer = escapeMarkdown(oneLine(event.context![field]).trim(), MID_LINE);
      return `- ${CONTEXT_FIELD_LABELS[field]}: ${answer || '_not written_'}`;
    });
    if (event.kind === 'decision') answers.push(...unseenLine(data, event));
    return [heading, answers.join('\n')];
  });
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
    action.weakness === null ? '—' : WEAKNESS_LABELS[action.weakness],
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
  return table(['Title', 'Weakness', 'Owner', 'Due', 'Status', 'Priority', 'Type', 'Root cause', 'Findings'], rows);
}

/** The chain root cause → actions, one row per root cause, in promotion order, with its coverage. */
function coverageTable(data: ReviewExportData): string {
  const coverage = new Map(exportCoverage(data).rootCauses.map((entry) => [entry.rootCauseId, entry]));
  const titles = new Map(data.actions.map((action, index) => [actionKey(index), action]));
  const rows = data.rootCauses.map((rootCause) => {
    const entry = coverage.get(targetKey(rootCause.target))!;
    const actions = entry.actions.map(({ actionId, counts }) => {
      const action = titles.get(actionId)!;
      const owner = action.owner.trim() === '' ? '' : `, ${escapeTableCell(oneLine(action.owner))}`;
      const note = counts
        ? ACTION_STATUS_LABELS[action.status]
        : `${ACTION_STATUS_LABELS[action.status]}: covers nothing`;
      return `${escapeTableCell(oneLine(action.title)) || 'Untitled'} (${note}${owner})`;
    });
    const state =
      entry.state === 'covered'
        ? 'Covered'
        : entry.state === 'accepted'
          ? `Accepted risk: ${escapeTableCell(oneLine(entry.acceptedRisk ?? ''))}`
          : '**Not covered**';
    return [
      escapeTableCell(oneLine(rootCause.text)) || '_(empty)_',
      rootCause.weakness === null ? '—' : WEAKNESS_LABELS[rootCause.weakness],
      actions.join('<br>') || '—',
      state,
    ];
  });
  return table(['Root cause', 'Weakness', 'Actions', 'Coverage'], rows);
}

/** What the review still lacks (health.ts), one line per gap. */
function gapsBlock(data: ReviewExportData): string {
  const gaps = exportHealth(data).checks.flatMap((check) => check.gaps);
  if (gaps.length === 0) return '_None: key times, narrative, root causes and action items are complete._';
  return gaps.map((gap) => `- ${escapeMarkdown(gap)}`).join('\n');
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
