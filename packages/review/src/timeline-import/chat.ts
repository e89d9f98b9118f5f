/** Chat exports (Slack's channel JSON) and the user list that names their authors. */
import { guessTimelineKind } from './kinds';
import { eventFrom, firstString, isRecord, quote, stringOf, withSourceId } from './rows';
import type { ImportedEvent, ImportProblem, TimelineImportResult } from './types';

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

/** A chat user id as exports write it (Slack: U024BE7LH, U03IC, B01ALERTS: capitals and digits), not a name. */
const RAW_USER_ID = /^(?=.*\d)[A-Z][A-Z0-9]{3,}$/;

/** Reads a chat export's messages (Slack: `{ ts, user, text }`), naming authors from `users`. */
export function parseChat(
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
