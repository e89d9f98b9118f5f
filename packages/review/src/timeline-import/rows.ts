/**
 * What every parser shares: checking a row's time, kind, text and source into an event or a problem
 * report, and small readers for untyped JSON values and raw text.
 */
import { TIMELINE_KINDS } from '../schema';
import type { TimelineKind } from '../schema';
import { checkString, REVIEW_LIMITS, ReviewInputError } from '../validate';
import { guessTimelineKind, timelineKindFromLabel } from './kinds';
import type { ImportedEvent, ImportProblem, TimeReader } from './types';

/** An input row read as an event, or the problem that keeps it out. */
export type RowResult = { event: ImportedEvent } | { problem: ImportProblem };

/** Checks a row's time, kind label (or guess, when `kindIsGuess`), text and source into an event. */
export function buildEvent(
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

/** An event from already-read values, or a problem when the text is empty or a field too long. */
export function eventFrom(
  line: number,
  raw: string,
  at: string,
  kind: TimelineKind,
  text: string,
  source: string,
): RowResult {
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

/** The event with the original system's id (a string or number), prefixed by `system`; unchanged without one. */
export function withSourceId(event: ImportedEvent, system: string, id: unknown): ImportedEvent {
  const value = stringOf(id).trim();
  return value === '' ? event : { ...event, sourceId: `${system}:${value}` };
}

/** 1-based line number of a character offset. */
export function lineAt(input: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < input.length; i++) if (input.charCodeAt(i) === 10) line++;
  return line;
}

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON value as text: strings as they are, finite numbers written out, anything else ''. */
export function stringOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** The first of `values` that is a non-blank string. */
export function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.trim() !== '');
}

/** A row as a problem report shows it: trimmed, cut at 300 characters. */
export function clip(value: string): string {
  const trimmed = value.trim();
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

/** A value quoted for a message, cut at 60 characters. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
