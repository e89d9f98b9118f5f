import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixtures';
import { parseTimelineImport, readUserDirectory } from './index';

describe('timeline import: the sample chat export', () => {
  const users = readUserDirectory(JSON.parse(readFixture('users.json')));

  it('reads users.json as a map from user id to real name', () => {
    expect(users).toEqual({
      U01ONCALL: 'Ana Ruiz',
      U02PAYDEV: 'Ben Okafor',
      U03IC: 'Chen Li',
      U04SUPPORT: 'Dana Weiss',
      B01ALERTS: 'Alerts',
    });
    expect(readUserDirectory(JSON.parse(readFixture('incident-chat.json')))).toBeNull();
  });

  it('turns messages into events with Unix-second times and user names as the source', () => {
    const result = parseTimelineImport(readFixture('incident-chat.json'), { users: users! });
    expect(result.format).toBe('chat');
    expect(result.problems).toEqual([]);
    expect(result.events).toHaveLength(12);
    expect(result.events[0]).toEqual({
      at: '2026-03-14T10:00:15.000Z',
      kind: 'detection',
      text: '[FIRING] checkout-api p99 latency > 2s for 5m (eu-west-1)',
      source: 'Alerts',
      line: 2,
      sourceId: 'chat:1773482415.000200',
    });
    expect(result.unnamedUserIds).toEqual([]);
    expect(result.events[6]).toMatchObject({ kind: 'decision', source: 'Chen Li', line: 8 });
    expect(result.events[11]!.at).toBe('2026-03-14T11:27:00.000Z');
  });

  it('falls back to the user id when no user list is given, and lists the ids left unnamed', () => {
    const result = parseTimelineImport(readFixture('incident-chat.json'));
    expect(result.events[1]!.source).toBe('U01ONCALL');
    expect(result.unnamedUserIds).toEqual(['B01ALERTS', 'U01ONCALL', 'U03IC', 'U04SUPPORT', 'U02PAYDEV']);
    const partial = parseTimelineImport(readFixture('incident-chat.json'), { users: { U01ONCALL: 'Ana Ruiz' } });
    expect(partial.unnamedUserIds).toEqual(['B01ALERTS', 'U03IC', 'U04SUPPORT', 'U02PAYDEV']);
    // a message that names its author (user_profile) needs no user list
    const named = parseTimelineImport('[{"user":"U1ABCDEF","user_profile":{"real_name":"Ana"},"text":"hi","ts":"1"}]');
    expect(named.events[0]!.source).toBe('Ana');
    expect(named.unnamedUserIds).toEqual([]);
  });

  it('reports a message with a bad ts or no text', () => {
    const text =
      '[\n{"user":"U1","text":"ok","ts":"1773482415.0"},\n{"user":"U1","text":"x","ts":"soon"},\n{"user":"U1","text":"  ","ts":"1773482416"}\n]';
    const result = parseTimelineImport(text);
    expect(result.events).toHaveLength(1);
    expect(result.problems.map((problem) => problem.line)).toEqual([3, 4]);
  });
});
