// The timeline import's preview, without React: parsing the inputs, marking probable duplicates and
// saying why.
import {
  findProbableDuplicates,
  parseTimelineImport,
  readUserDirectory,
  type DuplicateCandidate,
  type ImportedEvent,
  type ImportProblem,
  type ProbableDuplicate,
  type TimelineImportFormat,
} from '@hindsight/review';

export type InputFormat = 'auto' | 'csv' | 'json' | 'lines';

export interface ImportInput {
  name: string;
  text: string;
}

export interface PreviewRow extends ImportedEvent {
  /** The file (or 'Pasted text') the row was read from. */
  from: string;
  /** Stable across re-renders of the same inputs: keys the person's include / leave out choice. */
  key: string;
  duplicate: ProbableDuplicate | null;
  /** What it probably repeats: an event on the timeline, or an earlier row of this import. */
  original: (DuplicateCandidate & { from?: string; line?: number }) | null;
}

const FORMAT_NAMES: Record<TimelineImportFormat, string> = {
  csv: 'CSV',
  json: 'JSON events',
  chat: 'chat export',
  pager: 'pager log',
  lines: 'lines',
};

/** What the dialog shows before anything is written. */
export interface ImportPreview {
  inputs: ImportInput[];
  rows: PreviewRow[];
  problems: Array<ImportProblem & { from: string }>;
  /** Each input's name and the format it was read as. */
  formats: string[];
  /** Chat user ids that no user list named. */
  rawUserIds: string[];
}

export interface ImportPreviewOptions {
  format: InputFormat;
  /** `YYYY-MM-DD` for times without a date. */
  referenceDate: string;
  /** The zone times without one are read in. */
  timeZone: string;
  /** A chat export's user list (id to name), when one was chosen. */
  users: Record<string, string> | null;
}

/**
 * The chosen files and pasted text parsed, merged by time and checked for probable duplicates of
 * `existing` events and of each other.
 */
export function buildImportPreview(
  existing: readonly DuplicateCandidate[],
  files: readonly ImportInput[],
  pasted: string,
  options: ImportPreviewOptions,
): ImportPreview {
  const inputs: ImportInput[] = [...files];
  if (pasted.trim() !== '') inputs.push({ name: 'Pasted text', text: pasted });
  const events: Array<ImportedEvent & { from: string }> = [];
  const problems: Array<ImportProblem & { from: string }> = [];
  const formats: string[] = [];
  const rawUserIds = new Set<string>();
  for (const input of inputs) {
    const result = parseTimelineImport(input.text, {
      format: options.format,
      referenceDate: options.referenceDate,
      timeZone: options.timeZone,
      ...(options.users ? { users: options.users } : {}),
    });
    formats.push(`${input.name}: ${FORMAT_NAMES[result.format]}`);
    for (const event of result.events) events.push({ ...event, from: input.name });
    for (const problem of result.problems) problems.push({ ...problem, from: input.name });
    for (const id of result.unnamedUserIds) rawUserIds.add(id);
  }
  // By time, ties in input order (the sort is stable): of two duplicates, the first shown is kept.
  events.sort((a, b) => a.at.localeCompare(b.at));
  const duplicates = findProbableDuplicates(existing, events);
  const rows: PreviewRow[] = events.map((event, index) => {
    const duplicate = duplicates[index] ?? null;
    const original = !duplicate
      ? null
      : duplicate.of.in === 'existing'
        ? (existing[duplicate.of.index] ?? null)
        : (events[duplicate.of.index] ?? null);
    return {
      ...event,
      key: `${event.from}\u0000${event.line}\u0000${event.at}\u0000${event.text}`,
      duplicate,
      original,
    };
  });
  return { inputs, rows, problems, formats, rawUserIds: [...rawUserIds] };
}

/** Why a row was marked, in words: what it shares with the original and where that one is. */
export function duplicateReason(
  duplicate: ProbableDuplicate,
  original: DuplicateCandidate & { from?: string; line?: number },
  several: boolean,
): string {
  const where =
    duplicate.of.in === 'existing'
      ? 'on the timeline'
      : `also in this import, ${several && original.from ? `${original.from} ` : ''}line ${original.line ?? '?'}`;
  if (duplicate.reason === 'same-source-id') {
    const [system = '', id = ''] = (original.sourceId ?? '').split(/:(.*)/s);
    const what =
      system === 'pager' ? `pager log entry ${id}` : system === 'chat' ? `chat message ${id}` : `event id ${id}`;
    return `the same ${what}; ${where}`;
  }
  const when = duplicate.secondsApart === 0 ? 'same time' : `${duplicate.secondsApart} s apart`;
  return `${when}, similar words; ${where}`;
}

/** `text` cut to `length` characters, with "…" when cut. */
export function clipText(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** The user list in a chat export's users.json, or null when the text is something else. */
export function userDirectoryOf(text: string): Record<string, string> | null {
  if (!/^\s*[[{]/.test(text)) return null;
  try {
    return readUserDirectory(JSON.parse(text));
  } catch {
    return null;
  }
}
