/** The shapes the timeline import reads and returns, shared by every parser. */
import type { TimelineKind } from '../schema';

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

/** Reads one time cell: the ISO UTC instant, or why it cannot be read (see `timeReader`). */
export type TimeReader = (raw: string) => { at: string } | { error: string };
