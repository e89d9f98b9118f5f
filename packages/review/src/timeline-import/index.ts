/**
 * Timeline import: turns text a team already has (a hand-kept CSV, a JSON list of events, a chat
 * export, a pager log, pasted lines) into timeline events, and adds the chosen ones in one
 * transaction. Parsing is pure: it never touches a Y.Doc and reports every row it cannot use, with
 * its line number, instead of dropping it.
 */
import Papa from 'papaparse';
import type * as Y from 'yjs';
import { TIMELINE_KINDS } from '../schema';
import type { TimelineKind } from '../schema';
import { addTimelineEvent } from '../timeline';
import {
  checkEnum,
  checkIsoTimestamp,
  checkString,
  parseIsoTimestamp,
  REVIEW_LIMITS,
  ReviewInputError,
} from '../validate';

export * from './duplicates';

/** One event read from an import, ready for `addTimelineEvent`. */
export interface ImportedEvent {
  /** ISO 8601 UTC (`toISOString()` form). */
  at: string;
  kind: TimelineKind;
  text: string;
  source: string;
  /** 1-based line of the input where the event starts. */
  line: number;
  /**
   * The id the original system gave it, prefixed by the format (`pager:R1A`, `chat:1773482415.000200`,
   * `event:<id>`), when the format carries one: two rows with the same one are the same happening.
   */
  sourceId?: string;
}

/** A row that could not be imported, and why. */
export interface ImportProblem {
  /** 1-based line of the input where the row starts (0 when the whole input is unreadable). */
  line: number;
  message: string;
  /** The row as it appears in the input (trimmed, cut at 300 characters). */
  raw: string;
}

/** The shapes an import can be read as. */
export type TimelineImportFormat = 'csv' | 'json' | 'chat' | 'pager' | 'lines';

export interface TimelineImportOptions {
  /** Which parser to use; 'json' also recognises chat exports and pager logs. Default 'auto'. */
  format?: 'auto' | 'csv' | 'json' | 'lines';
  /** Chat user ids to display names, used as the source of chat messages (see `readUserDirectory`). */
  users?: Record<string, string>;
  /** `YYYY-MM-DD`: the day of times given without a date (`14:02 text`). */
  referenceDate?: string;
  /** IANA zone of times given without a zone (`14:02`, `2026-03-14 14:02`). Default 'UTC'. */
  timeZone?: string;
}

export interface TimelineImportResult {
  format: TimelineImportFormat;
  events: ImportedEvent[];
  problems: ImportProblem[];
  /**
   * Chat user ids shown as the source because neither `users` nor the message named them (the export
   * has only ids such as U024BE7LH; its users.json maps them to names), in order of first use.
   */
  unnamedUserIds: string[];
}

const KIND_SYNONYMS: Record<string, TimelineKind> = {
  detect: 'detection',
  detected: 'detection',
  alert: 'detection',
  alerted: 'detection',
  page: 'detection',
  paged: 'detection',
  trigger: 'detection',
  triggered: 'detection',
  act: 'action',
  mitigation: 'action',
  mitigate: 'action',
  mitigated: 'action',
  fix: 'action',
  deploy: 'action',
  rollback: 'action',
  resolve: 'action',
  resolved: 'action',
  resolution: 'action',
  decide: 'decision',
  decided: 'decision',
  comms: 'communication',
  comm: 'communication',
  message: 'communication',
  announcement: 'communication',
  notify: 'communication',
  notification: 'communication',
  outage: 'impact',
  note: 'other',
  '': 'other',
};

/** The timeline kind a label names (`detection`, `alert`, `comms`, ...), or undefined when unknown. */
export function timelineKindFromLabel(label: string): TimelineKind | undefined {
  const key = label.trim().toLowerCase();
  if ((TIMELINE_KINDS as readonly string[]).includes(key)) return key as TimelineKind;
  return KIND_SYNONYMS[key];
}

// The rules of `guessTimelineKind`, first match wins. The model has no resolution or mitigation kind:
// recovering is an action (like a pager's resolve entry). Order matters: a declaration or a status-page
// line mentions recovery or the alert without being either; a recovery message mentions the alert
// ("alert resolved") or what people noticed; acknowledging an alert is a response to it, not detecting it.
const KIND_RULES: Array<[RegExp, TimelineKind]> = [
  [/^\W*decision\b|\b(decided|declar(e|ed|es|ing))\b/i, 'decision'],
  [
    /\b(status ?page|emailed|e-?mail sent|announced?|notified|update sent|informed|posted an update)\b/i,
    'communication',
  ],
  [
    /\[(resolved|ok|recovered)\]|\b(resolved|recover(ed|ing|y)|mitigated|all[- ]clear|back to normal|back up|stable again|errors? (are )?(dropping|falling|down)|no longer (failing|firing|erroring))\b/i,
    'action',
  ],
  [/\b(ack(ed|nowledged?|nowledging)?|escalat(e|ed|ing)|took over|assigned|investigating|looking into)\b/i, 'action'],
  [/\[firing\]|\b(alert(ed|s)?|alert fires|fired|firing|paged|triggered|detected|noticed)\b/i, 'detection'],
  [
    /\b(roll(ed|ing)? ?back|rollback|deploy(ed)?|restart(ed)?|scaled|fix(ed)?|replay(ed)?|failover|failed over|disabled|reverted)\b/i,
    'action',
  ],
  [
    /\b(customers? (cannot|can't|could not)|error rate|tickets?|outage|degraded|unavailable|failed payments)\b/i,
    'impact',
  ],
];

/**
 * A best guess at the kind of a free-text message (chat lines, pasted lines, rows without a kind);
 * 'other' when nothing fits. Only a starting point: the kind stays editable on the board.
 */
export function guessTimelineKind(text: string): TimelineKind {
  return KIND_RULES.find(([pattern]) => pattern.test(text))?.[1] ?? 'other';
}

/**
 * A chat user list (Slack's users.json: `[{ id, name, real_name, profile: { real_name } }]`, or a plain
 * `{ id: name }` object) as a map from user id to display name; null when `json` is not one.
 */
export function readUserDirectory(json: unknown): Record<string, string> | null {
  if (Array.isArray(json)) {
    if (json.length === 0) return null;
    const users: Record<string, string> = {};
    for (const entry of json) {
      if (!isRecord(entry) || typeof entry.id !== 'string') return null;
      // a user list has no message text or times; this keeps a chat export from being read as one
      if ('ts' in entry || 'text' in entry) return null;
      const profile = isRecord(entry.profile) ? entry.profile : {};
      const name = [entry.real_name, profile.real_name, profile.display_name, entry.name].find(
        (value): value is string => typeof value === 'string' && value.trim() !== '',
      );
      users[entry.id] = name ?? entry.id;
    }
    return users;
  }
  if (isRecord(json) && Object.keys(json).length > 0 && Object.values(json).every((v) => typeof v === 'string')) {
    return json as Record<string, string>;
  }
  return null;
}

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

/**
 * The ISO UTC instant of a wall-clock time (`YYYY-MM-DDTHH:MM[:SS]`) in an IANA time zone; undefined
 * when the value or zone is invalid. A time skipped by a daylight-saving jump maps one hour later,
 * like a browser's `datetime-local`.
 */
export function zonedTimeToIso(wallTime: string, timeZone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wallTime.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '00'] = match;
  const asUtc = parseIsoTimestamp(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  if (asUtc === undefined) return undefined;
  const wallMs = Date.parse(asUtc);
  let offset: number;
  try {
    offset = zoneOffsetMs(wallMs, timeZone);
    // The offset at the guessed instant can differ from the one at the real instant near a DST change.
    offset = zoneOffsetMs(wallMs - offset, timeZone);
  } catch {
    return undefined;
  }
  return new Date(wallMs - offset).toISOString();
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instantMs`. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(instantMs));
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour') % 24,
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(instantMs / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A cached formatter that gives an instant's wall-clock parts in `timeZone` (24-hour, two digits),
 * for converting between UTC and a viewer's local time.
 */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// ---- times ----

type TimeReader = (raw: string) => { at: string } | { error: string };

const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/i;
const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?$/;

/** Reads a time cell: ISO 8601 with a zone, or a date-time / time of day in the given zone and day. */
function timeReader(options: TimelineImportOptions): TimeReader {
  const timeZone = options.timeZone ?? 'UTC';
  const referenceDate = options.referenceDate?.trim();
  const hasReferenceDate = referenceDate !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(referenceDate);
  return (raw) => {
    const value = raw.trim();
    if (value === '') return { error: 'the time is missing' };
    const withZone = parseIsoTimestamp(value.replace(' ', 'T'));
    if (withZone !== undefined) return { at: withZone };
    if (ZONELESS_DATE_TIME.test(value)) {
      const at = zonedTimeToIso(value, timeZone);
      return at ? { at } : { error: `${quote(value)} is not a valid date and time` };
    }
    const timeOnly = TIME_ONLY.exec(value);
    if (timeOnly) {
      if (!hasReferenceDate) return { error: `${quote(value)} has no date: choose the day it happened on` };
      const [, h = '', m = '', s = '00', zone] = timeOnly;
      const wall = `${referenceDate}T${h.padStart(2, '0')}:${m}:${s}`;
      const at = zone ? parseIsoTimestamp(wall + zone) : zonedTimeToIso(wall, timeZone);
      return at ? { at } : { error: `${quote(value)} is not a valid time of day` };
    }
    const unix = /^\d{9,11}(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isFinite(unix)) return { at: new Date(Math.round(unix * 1000)).toISOString() };
    return { error: `${quote(value)} is not a time (expected e.g. 2026-03-14T14:02:00Z or 14:02)` };
  };
}

// ---- CSV ----

const TIME_COLUMNS = ['time', 'at', 'timestamp', 'date', 'when'];
const KIND_COLUMNS = ['kind', 'type', 'category'];
const TEXT_COLUMNS = ['text', 'description', 'summary', 'event', 'what', 'message'];
const SOURCE_COLUMNS = ['source', 'from', 'channel', 'who'];

function looksLikeCsv(input: string): boolean {
  const header = input.split('\n').find((line) => line.trim() !== '') ?? '';
  if (!header.includes(',')) return false;
  const names = header.split(',').map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
  return names.some((name) => TIME_COLUMNS.includes(name)) && names.some((name) => TEXT_COLUMNS.includes(name));
}

function parseCsv(input: string, readTime: TimeReader): TimelineImportResult {
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

// ---- JSON: event arrays, chat exports, pager logs ----

function parseJson(input: string, options: TimelineImportOptions, readTime: TimeReader): TimelineImportResult {
  let json: unknown;
  try {
    json = JSON.parse(input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      format: 'json',
      events: [],
      problems: [{ line: jsonErrorLine(input, message), raw: '', message: `not valid JSON: ${message}` }],
      unnamedUserIds: [],
    };
  }
  const starts = arrayElementStarts(input);
  const lineOf = (path: string, index: number) => lineAt(input, starts.get(path)?.[index] ?? 0);
  const rawOf = (path: string, index: number) => {
    const offsets = starts.get(path);
    const start = offsets?.[index] ?? 0;
    return clip(input.slice(start, input.indexOf('\n', start) < 0 ? undefined : input.indexOf('\n', start)));
  };

  if (isRecord(json) && Array.isArray(json.log_entries)) return parsePager(json.log_entries, lineOf, rawOf, readTime);
  let path = '';
  let entries: unknown = json;
  if (isRecord(json)) {
    const key = ['events', 'timeline', 'messages'].find((name) => Array.isArray(json[name]));
    if (key) {
      path = key;
      entries = json[key];
    }
  }
  if (!Array.isArray(entries)) {
    return {
      format: 'json',
      events: [],
      problems: [
        {
          line: 1,
          raw: clip(input),
          message: 'expected an array of events, a chat export or a pager log (log_entries)',
        },
      ],
      unnamedUserIds: [],
    };
  }
  const isChat = entries.some((entry) => isRecord(entry) && 'ts' in entry && !('at' in entry) && !('time' in entry));
  if (isChat)
    return parseChat(
      entries,
      options.users ?? {},
      (i) => lineOf(path, i),
      (i) => rawOf(path, i),
    );

  const events: ImportedEvent[] = [];
  const problems: ImportProblem[] = [];
  entries.forEach((entry, index) => {
    const line = lineOf(path, index);
    const raw = rawOf(path, index);
    if (!isRecord(entry)) {
      problems.push({ line, raw, message: 'expected an object { at, kind, text, source }' });
      return;
    }
    const time = firstString(entry.at, entry.time, entry.timestamp);
    const result = buildEvent(
      readTime,
      line,
      raw,
      time,
      stringOf(entry.kind ?? entry.type),
      stringOf(entry.text ?? entry.summary),
      stringOf(entry.source),
      false,
    );
    if ('problem' in result) problems.push(result.problem);
    else events.push(withSourceId(result.event, 'event', entry.id));
  });
  return { format: 'json', events, problems, unnamedUserIds: [] };
}

/** A chat user id as exports write it (Slack: U024BE7LH, U03IC, B01ALERTS: capitals and digits), not a name. */
const RAW_USER_ID = /^(?=.*\d)[A-Z][A-Z0-9]{3,}$/;

function parseChat(
  messages: unknown[],
  users: Record<string, string>,
  lineOf: (index: number) => number,
  rawOf: (index: number) => string,
): TimelineImportResult {
  const events: ImportedEvent[] = [];
  const problems: ImportProblem[] = [];
  const unnamedUserIds = new Set<string>();
  messages.forEach((message, index) => {
    const line = lineOf(index);
    const raw = rawOf(index);
    if (!isRecord(message)) {
      problems.push({ line, raw, message: 'expected a chat message { ts, user, text }' });
      return;
    }
    const ts =
      typeof message.ts === 'number' ? message.ts : typeof message.ts === 'string' ? Number(message.ts) : Number.NaN;
    if (!Number.isFinite(ts) || ts <= 0) {
      problems.push({ line, raw, message: `the message time ts ${quote(stringOf(message.ts))} is not Unix seconds` });
      return;
    }
    const text = stringOf(message.text).trim();
    if (text === '') {
      problems.push({ line, raw, message: 'the message has no text' });
      return;
    }
    const userId = stringOf(message.user);
    const profile = isRecord(message.user_profile) ? message.user_profile : {};
    const name = users[userId] ?? firstString(profile.real_name, profile.display_name, message.username) ?? userId;
    if (name === userId && RAW_USER_ID.test(userId)) unnamedUserIds.add(userId);
    const result = eventFrom(
      line,
      raw,
      new Date(Math.round(ts * 1000)).toISOString(),
      guessTimelineKind(text),
      text,
      name,
    );
    if ('problem' in result) problems.push(result.problem);
    else events.push(withSourceId(result.event, 'chat', message.ts));
  });
  return { format: 'chat', events, problems, unnamedUserIds: [...unnamedUserIds] };
}

const PAGER_KINDS: Record<string, TimelineKind> = {
  trigger: 'detection',
  acknowledge: 'action',
  unacknowledge: 'action',
  assign: 'action',
  delegate: 'action',
  escalate: 'action',
  snooze: 'action',
  resolve: 'action',
  notify: 'communication',
  annotate: 'other',
};

function parsePager(
  entries: unknown[],
  lineOf: (path: string, index: number) => number,
  rawOf: (path: string, index: number) => string,
  readTime: TimeReader,
): TimelineImportResult {
  const events: ImportedEvent[] = [];
  const problems: ImportProblem[] = [];
  entries.forEach((entry, index) => {
    const line = lineOf('log_entries', index);
    const raw = rawOf('log_entries', index);
    if (!isRecord(entry)) {
      problems.push({ line, raw, message: 'expected a log entry { type, created_at, summary }' });
      return;
    }
    const type = stringOf(entry.type).replace(/_log_entry$/, '');
    const channel = isRecord(entry.channel) ? entry.channel : {};
    const agent = isRecord(entry.agent) ? entry.agent : {};
    // A note's own words are in the channel; the entry summary only repeats them after "Note added:".
    const text = (type === 'annotate' ? firstString(channel.summary, entry.summary) : firstString(entry.summary)) ?? '';
    const agentName = firstString(agent.summary, agent.name);
    const source = agentName ? `pager · ${agentName}` : 'pager';
    // A note is free text: its words say more about its kind than its entry type does.
    const kind = type === 'annotate' ? guessTimelineKind(text) : (PAGER_KINDS[type] ?? 'other');
    const result = buildEvent(readTime, line, raw, stringOf(entry.created_at), kind, text, source, false);
    if ('problem' in result) problems.push(result.problem);
    else events.push(withSourceId(result.event, 'pager', entry.id));
  });
  return { format: 'pager', events, problems, unnamedUserIds: [] };
}

// ---- pasted lines ----

const LINE_TIME =
  /^\s*(?:[-*•]\s*)?\[?((?:\d{4}-\d{2}-\d{2}[T ])?\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:\s?(?:Z|[+-]\d{2}:?\d{2}|UTC))?)\]?(?:\s*[-–—|:]\s*|\s+)(.*)$/i;

function parseLines(input: string, readTime: TimeReader): TimelineImportResult {
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

// ---- shared row checks ----

type RowResult = { event: ImportedEvent } | { problem: ImportProblem };

function buildEvent(
  readTime: TimeReader,
  line: number,
  raw: string,
  time: string | undefined,
  kindLabel: string,
  text: string,
  source: string,
  kindIsGuess: boolean,
): RowResult {
  const parsed = readTime(time ?? '');
  if ('error' in parsed) return { problem: { line, raw, message: `time: ${parsed.error}` } };
  // A row that names no kind gets a guess from its words rather than 'other'.
  const kind = kindIsGuess
    ? (kindLabel as TimelineKind)
    : kindLabel.trim() === ''
      ? guessTimelineKind(text)
      : timelineKindFromLabel(kindLabel);
  if (kind === undefined) {
    return { problem: { line, raw, message: `kind ${quote(kindLabel)} is not one of ${TIMELINE_KINDS.join(', ')}` } };
  }
  return eventFrom(line, raw, parsed.at, kind, text.trim(), source.trim());
}

function eventFrom(line: number, raw: string, at: string, kind: TimelineKind, text: string, source: string): RowResult {
  if (text === '') return { problem: { line, raw, message: 'the text is empty' } };
  try {
    return {
      event: {
        at,
        kind,
        text: checkString('text', text, REVIEW_LIMITS.textMaxLength),
        source: checkString('source', source, REVIEW_LIMITS.labelMaxLength),
        line,
      },
    };
  } catch (error) {
    if (error instanceof ReviewInputError) return { problem: { line, raw, message: error.message } };
    throw error;
  }
}

// ---- helpers ----

/** The event with the original system's id (a string or number), prefixed by `system`; unchanged without one. */
function withSourceId(event: ImportedEvent, system: string, id: unknown): ImportedEvent {
  const value = stringOf(id).trim();
  return value === '' ? event : { ...event, sourceId: `${system}:${value}` };
}

/** 1-based line number of a character offset. */
function lineAt(input: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < input.length; i++) if (input.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Start offsets of the elements of every array in a JSON text, by the key that holds the array
 * ('' for the top-level array): JSON.parse keeps no positions, and a problem needs its line.
 */
function arrayElementStarts(input: string): Map<string, number[]> {
  const starts = new Map<string, number[]>();
  const stack: Array<{ kind: 'array'; key: string; expectValue: boolean } | { kind: 'object'; lastKey: string }> = [];
  let lastString = '';
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (char === ' ' || char === '\n' || char === '\t' || char === '\r') continue;
    const top = stack[stack.length - 1];
    if (top?.kind === 'array' && top.expectValue && char !== ']') {
      top.expectValue = false;
      if (stack.length <= 2) {
        const list = starts.get(top.key) ?? [];
        list.push(i);
        starts.set(top.key, list);
      }
    }
    if (char === '"') {
      let j = i + 1;
      while (j < input.length && input[j] !== '"') j += input[j] === '\\' ? 2 : 1;
      lastString = input.slice(i + 1, j);
      i = j;
      continue;
    }
    if (char === ':' && top?.kind === 'object') {
      top.lastKey = lastString;
    } else if (char === '[') {
      const key = top?.kind === 'object' ? top.lastKey : '';
      stack.push({ kind: 'array', key, expectValue: true });
    } else if (char === '{') {
      stack.push({ kind: 'object', lastKey: '' });
    } else if (char === ']' || char === '}') {
      stack.pop();
    } else if (char === ',' && top?.kind === 'array') {
      top.expectValue = true;
    }
  }
  return starts;
}

function jsonErrorLine(input: string, message: string): number {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return lineAt(input, Number(position[1]));
  if (/end of JSON input/i.test(message)) return lineAt(input, input.trimEnd().length);
  // V8 quotes the text around the error, 10 characters either side: `Unexpected token '}', ..."x": }"... is not`
  const context = /Unexpected token '(.+?)', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  if (context) {
    const [, token = '', cutBefore, snippet = ''] = context;
    const at = input.indexOf(snippet);
    if (at >= 0) return lineAt(input, at + (cutBefore ? 10 : Math.max(0, snippet.indexOf(token))));
  }
  return 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.trim() !== '');
}

function clip(value: string): string {
  const trimmed = value.trim();
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
