/** CSV timelines: a header row naming the columns, one event a row. */
import Papa from 'papaparse';
import { buildEvent, clip, lineAt } from './rows';
import type { ImportedEvent, ImportProblem, TimeReader, TimelineImportResult } from './types';

const TIME_COLUMNS = ['time', 'at', 'timestamp', 'date', 'when'];
const KIND_COLUMNS = ['kind', 'type', 'category'];
const TEXT_COLUMNS = ['text', 'description', 'summary', 'event', 'what', 'message'];
const SOURCE_COLUMNS = ['source', 'from', 'channel', 'who'];

/** Whether pasted text starts with a CSV header naming a time and a text column. */
export function looksLikeCsv(input: string): boolean {
  const header = input.split('\n').find((line) => line.trim() !== '') ?? '';
  if (!header.includes(',')) return false;
  const names = header.split(',').map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
  return names.some((name) => TIME_COLUMNS.includes(name)) && names.some((name) => TEXT_COLUMNS.includes(name));
}

/** Reads a CSV with a header row (time,kind,text,source; other column names accepted). */
export function parseCsv(input: string, readTime: TimeReader): TimelineImportResult {
  const events: ImportedEvent[] = [];
  const problems: ImportProblem[] = [];
  let rowStart = 0;
  let columns: { time: number; kind: number; text: number; source: number; count: number } | null = null;
  let headerProblem = false;
  Papa.parse<string[]>(input, {
    newline: '\n',
    step: (row) => {
      const start = rowStart;
      rowStart = row.meta.cursor;
      const line = lineAt(input, start);
      const raw = clip(input.slice(start, row.meta.cursor));
      const cells = row.data;
      if (cells.every((cell) => cell.trim() === '')) return;
      if (columns === null && !headerProblem) {
        const names = cells.map((cell) => cell.trim().toLowerCase());
        const find = (candidates: string[]) => names.findIndex((name) => candidates.includes(name));
        columns = {
          time: find(TIME_COLUMNS),
          kind: find(KIND_COLUMNS),
          text: find(TEXT_COLUMNS),
          source: find(SOURCE_COLUMNS),
          count: cells.length,
        };
        if (columns.time < 0 || columns.text < 0) {
          headerProblem = true;
          columns = null;
          problems.push({
            line,
            raw,
            message: 'the header row must name a time column and a text column (time,kind,text,source)',
          });
        }
        return;
      }
      if (columns === null) return; // without a header no row can be read; reported once above
      for (const error of row.errors) problems.push({ line, raw, message: `unreadable CSV row: ${error.message}` });
      if (row.errors.length > 0) return;
      if (cells.length !== columns.count) {
        problems.push({ line, raw, message: `expected ${columns.count} fields, found ${cells.length}` });
        return;
      }
      const cell = (index: number) => (index >= 0 ? (cells[index] ?? '') : '');
      const result = buildEvent(
        readTime,
        line,
        raw,
        cell(columns.time),
        cell(columns.kind),
        cell(columns.text),
        cell(columns.source),
        false,
      );
      if ('problem' in result) problems.push(result.problem);
      else events.push(result.event);
    },
  });
  if (columns === null && !headerProblem) problems.push({ line: 0, raw: '', message: 'the file is empty' });
  return { format: 'csv', events, problems, unnamedUserIds: [] };
}
