/** Pasted lines: one event a line, each starting with a time. */
import { TIMELINE_KINDS } from '../schema';
import { guessTimelineKind } from './kinds';
import { buildEvent, clip } from './rows';
import type { ImportedEvent, ImportProblem, TimeReader, TimelineImportResult } from './types';

const LINE_TIME =
  /^\s*(?:[-*•]\s*)?\[?((?:\d{4}-\d{2}-\d{2}[T ])?\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:\s?(?:Z|[+-]\d{2}:?\d{2}|UTC))?)\]?(?:\s*[-–—|:]\s*|\s+)(.*)$/i;

/** Reads pasted lines, each starting with a time (`14:02 Alert fired`), optionally tagged with a kind. */
export function parseLines(input: string, readTime: TimeReader): TimelineImportResult {
  const events: ImportedEvent[] = [];
  const problems: ImportProblem[] = [];
  input.split('\n').forEach((lineText, index) => {
    const line = index + 1;
    if (lineText.trim() === '') return;
    const raw = clip(lineText);
    const match = LINE_TIME.exec(lineText);
    if (!match) {
      problems.push({
        line,
        raw,
        message: 'a line must start with a time, e.g. "14:02 Alert fired" or "2026-03-14T14:02:00Z Alert fired"',
      });
      return;
    }
    const time = (match[1] ?? '').replace(/\s?UTC$/i, 'Z').replace(/\s(?=[+-]\d|Z)/i, '');
    let body = (match[2] ?? '').trim();
    let kind: string | undefined;
    const tagged = /^\[?([a-z]+)\]?:?\s+(.*)$/i.exec(body);
    if (
      tagged &&
      (TIMELINE_KINDS as readonly string[]).includes((tagged[1] ?? '').toLowerCase()) &&
      /^\[|^[a-z]+:/i.test(body)
    ) {
      kind = (tagged[1] ?? '').toLowerCase();
      body = (tagged[2] ?? '').trim();
    }
    const result = buildEvent(readTime, line, raw, time, kind ?? guessTimelineKind(body), body, '', true);
    if ('problem' in result) problems.push(result.problem);
    else events.push(result.event);
  });
  return { format: 'lines', events, problems, unnamedUserIds: [] };
}
