/** The `pnpm hints` transform: JSON lines of `{ "text" }` in, JSON lines of `{ "text", "hints" }` out. */
import { blamelessHints } from '@hindsight/review';
import { z } from 'zod';

const inputLine = z.looseObject({ text: z.string() });

export interface HintLinesResult {
  /** One output line per non-blank input line, in order: its hints, or the error that line has. */
  lines: string[];
  errorCount: number;
}

/** Hints for each JSON line of `input`; other fields of a line (a label, an id) are kept. */
export function hintJsonLines(input: string): HintLinesResult {
  const lines: string[] = [];
  let errorCount = 0;
  input.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const lineNumber = index + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      errorCount += 1;
      lines.push(JSON.stringify({ line: lineNumber, error: `not JSON: ${(error as Error).message}` }));
      return;
    }
    const checked = inputLine.safeParse(parsed);
    if (!checked.success) {
      errorCount += 1;
      lines.push(JSON.stringify({ line: lineNumber, error: 'expected an object with a string "text"' }));
      return;
    }
    const hints = blamelessHints(checked.data.text).map(({ start, end, kind, message, suggestion }) => ({
      start,
      end,
      kind,
      message,
      suggestion,
    }));
    lines.push(JSON.stringify({ ...checked.data, hints }));
  });
  return { lines, errorCount };
}
