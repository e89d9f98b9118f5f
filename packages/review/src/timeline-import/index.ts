/**
 * Timeline import: turns text a team already has (a hand-kept CSV, a JSON list of events, a chat
 * export, a pager log, pasted lines) into timeline events, and adds the chosen ones in one
 * transaction. Parsing is pure: it never touches a Y.Doc and reports every row it cannot use, with
 * its line number, instead of dropping it.
 */
import type * as Y from 'yjs';
import { TIMELINE_KINDS } from '../schema';
import { addTimelineEvent } from '../timeline';
import { checkEnum, checkIsoTimestamp, checkString, REVIEW_LIMITS } from '../validate';
import { looksLikeCsv, parseCsv } from './csv';
import { parseJson } from './json';
import { parseLines } from './lines';
import { timeReader } from './times';
import type { ImportedEvent, TimelineImportOptions, TimelineImportResult } from './types';

export type {
  ImportedEvent,
  ImportProblem,
  TimelineImportFormat,
  TimelineImportOptions,
  TimelineImportResult,
} from './types';
export { guessTimelineKind, timelineKindFromLabel } from './kinds';
export { readUserDirectory } from './chat';
export * from './duplicates';

/** Reads timeline events from pasted text or a file's contents; see `TimelineImportOptions`. */
export function parseTimelineImport(text: string, options: TimelineImportOptions = {}): TimelineImportResult {
  const input = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const format = options.format ?? 'auto';
  const times = timeReader(options);
  if (format === 'json' || (format === 'auto' && /^\s*[[{]/.test(input))) return parseJson(input, options, times);
  if (format === 'csv' || (format === 'auto' && looksLikeCsv(input))) return parseCsv(input, times);
  return parseLines(input, times);
}

/**
 * Adds imported events in one transaction (peers see them arrive together; one undo step removes
 * them). Every event is checked before the first is written, so a bad one changes nothing.
 * Returns the new ids in input order.
 */
export function addImportedEvents(doc: Y.Doc, events: readonly Omit<ImportedEvent, 'line'>[]): string[] {
  events.forEach((event, index) => {
    checkIsoTimestamp(`event ${index + 1} at`, event.at);
    checkEnum(`event ${index + 1} kind`, event.kind, TIMELINE_KINDS);
    checkString(`event ${index + 1} text`, event.text, REVIEW_LIMITS.textMaxLength);
    checkString(`event ${index + 1} source`, event.source, REVIEW_LIMITS.labelMaxLength);
  });
  const ids: string[] = [];
  doc.transact(() => {
    for (const { at, kind, text, source } of events) ids.push(addTimelineEvent(doc, { at, kind, text, source }));
  });
  return ids;
}
