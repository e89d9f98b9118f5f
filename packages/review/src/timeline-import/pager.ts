/** Pager logs: an incident's log entries (trigger, acknowledge, escalate, notes, resolve). */
import type { TimelineKind } from '../schema';
import { guessTimelineKind } from './kinds';
import { buildEvent, firstString, isRecord, stringOf, withSourceId } from './rows';
import type { ImportedEvent, ImportProblem, TimeReader, TimelineImportResult } from './types';

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

/** Reads a pager incident's log entries (PagerDuty: `{ type, created_at, summary, agent }`). */
export function parsePager(
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
