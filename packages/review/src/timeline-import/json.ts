/** JSON imports: event arrays read here; chat exports and pager logs recognised and handed on. */
import { parseChat } from './chat';
import { parsePager } from './pager';
import { buildEvent, clip, firstString, isRecord, lineAt, stringOf, withSourceId } from './rows';
import type { ImportedEvent, ImportProblem, TimeReader, TimelineImportOptions, TimelineImportResult } from './types';

/** Reads JSON: an event array (bare or under events/timeline/messages), a chat export or a pager log. */
export function parseJson(input: string, options: TimelineImportOptions, readTime: TimeReader): TimelineImportResult {
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
