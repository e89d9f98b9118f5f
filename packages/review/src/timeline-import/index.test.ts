import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newReview, replicaOf, syncAll } from '../test-utils';
import { listTimeline } from '../timeline';
import {
  addImportedEvents,
  guessTimelineKind,
  parseTimelineImport,
  readUserDirectory,
  zonedTimeToIso,
} from './index';
import { ReviewInputError } from '../validate';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

describe('timeline import: the sample CSV', () => {
  const result = parseTimelineImport(fixture('timeline.csv'));

  it('reads the valid rows with their kinds, sources and times normalised to UTC', () => {
    expect(result.format).toBe('csv');
    expect(result.events).toHaveLength(8);
    expect(result.events[0]).toEqual({
      at: '2026-03-14T09:41:00.000Z',
      kind: 'action',
      text: 'Config push cfg-2291 changes payments-db pool idle timeout from 300s to 3s',
      source: 'deploy log',
      line: 2,
    });
    // +01:00 offset converted; doubled quotes inside a quoted field unescaped; commas kept in quotes
    expect(result.events.find((event) => event.line === 5)?.at).toBe('2026-03-14T10:08:00.000Z');
    expect(result.events.find((event) => event.line === 8)?.text).toBe('Status page: "Checkout recovering in EU"');
    expect(result.events.find((event) => event.line === 10)?.text).toBe(
      'Failed payment webhooks replayed: 1,873 reconciled, 12 for manual review',
    );
    expect(result.events.map((event) => event.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 10]);
  });

  it('reports the malformed line 9 with its number and text instead of dropping it', () => {
    expect(result.problems).toEqual([
      {
        line: 9,
        raw: 'around 10:40,communication,Affected customers emailed,support',
        message: expect.stringContaining('"around 10:40" is not a time'),
      },
    ]);
  });
});

describe('timeline import: the sample pager log', () => {
  const result = parseTimelineImport(fixture('pager-log.json'));

  it('maps each log entry type to a kind and the agent to the source', () => {
    expect(result.format).toBe('pager');
    expect(result.problems).toEqual([]);
    expect(result.events.map(({ at, kind, line }) => ({ at, kind, line }))).toEqual([
      { at: '2026-03-14T10:00:15.000Z', kind: 'detection', line: 3 },
      { at: '2026-03-14T10:00:20.000Z', kind: 'communication', line: 4 },
      { at: '2026-03-14T10:01:40.000Z', kind: 'action', line: 5 },
      { at: '2026-03-14T10:07:30.000Z', kind: 'action', line: 6 },
      // a note is free text, its kind guessed from its words ("rolling back config push cfg-2291")
      { at: '2026-03-14T10:16:00.000Z', kind: 'action', line: 7 },
      { at: '2026-03-14T11:27:00.000Z', kind: 'action', line: 8 },
    ]);
    expect(result.events[0]).toMatchObject({
      text: 'Triggered through the API: checkout-api p99 latency > 2s',
      source: 'pager · checkout-api',
    });
    expect(result.events[4]).toMatchObject({ text: 'rolling back config push cfg-2291', source: 'pager · Chen Li' });
    expect(result.events.map((event) => event.sourceId)).toEqual(
      ['R1A', 'R1B', 'R1C', 'R1D', 'R1E', 'R1F'].map((id) => `pager:${id}`),
    );
  });

  it('reports an entry without a valid created_at on its own line', () => {
    const broken = fixture('pager-log.json').replace(
      '"created_at": "2026-03-14T10:07:30Z"',
      '"created_at": "yesterday"',
    );
    const { events, problems } = parseTimelineImport(broken);
    expect(events).toHaveLength(5);
    expect(problems).toEqual([
      { line: 6, raw: expect.stringContaining('"id": "R1D"'), message: expect.stringContaining('"yesterday"') },
    ]);
  });
});

describe('timeline import: the sample chat export', () => {
  const users = readUserDirectory(JSON.parse(fixture('users.json')));

  it('reads users.json as a map from user id to real name', () => {
    expect(users).toEqual({
      U01ONCALL: 'Ana Ruiz',
      U02PAYDEV: 'Ben Okafor',
      U03IC: 'Chen Li',
      U04SUPPORT: 'Dana Weiss',
      B01ALERTS: 'Alerts',
    });
    expect(readUserDirectory(JSON.parse(fixture('incident-chat.json')))).toBeNull();
  });

  it('turns messages into events with Unix-second times and user names as the source', () => {
    const result = parseTimelineImport(fixture('incident-chat.json'), { users: users! });
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
    const result = parseTimelineImport(fixture('incident-chat.json'));
    expect(result.events[1]!.source).toBe('U01ONCALL');
    expect(result.unnamedUserIds).toEqual(['B01ALERTS', 'U01ONCALL', 'U03IC', 'U04SUPPORT', 'U02PAYDEV']);
    const partial = parseTimelineImport(fixture('incident-chat.json'), { users: { U01ONCALL: 'Ana Ruiz' } });
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

describe('timeline import: JSON event arrays', () => {
  it('reads { at | time, kind, text, source } and reports rows it cannot use', () => {
    const text = JSON.stringify(
      [
        { at: '2026-03-14T10:00:00Z', kind: 'detection', text: 'Alert', source: 'pager' },
        { time: '2026-03-14T11:00:00+01:00', kind: 'comms', text: 'Status page' },
        { at: '2026-03-14T10:20:00Z', kind: 'party', text: 'Cake' },
        { at: '2026-03-14T10:30:00Z', kind: 'action', text: '' },
        'not an object',
      ],
      null,
      2,
    );
    const result = parseTimelineImport(text, { format: 'json' });
    expect(result.format).toBe('json');
    expect(result.events.map(({ at, kind, source }) => ({ at, kind, source }))).toEqual([
      { at: '2026-03-14T10:00:00.000Z', kind: 'detection', source: 'pager' },
      { at: '2026-03-14T10:00:00.000Z', kind: 'communication', source: '' },
    ]);
    expect(result.problems.map(({ line, message }) => ({ line, message }))).toEqual([
      { line: 13, message: expect.stringContaining('kind "party"') },
      { line: 18, message: 'the text is empty' },
      { line: 23, message: expect.stringContaining('expected an object') },
    ]);
  });

  it('reports invalid JSON with the line of the error', () => {
    const result = parseTimelineImport('[\n{"at": "2026-03-14T10:00:00Z",\n "text": }\n]');
    expect(result.events).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(/^not valid JSON/);
    expect(result.problems[0]!.line).toBe(3);
  });

  it('refuses JSON of an unknown shape with a message', () => {
    const result = parseTimelineImport('{"hello": 1}');
    expect(result.events).toEqual([]);
    expect(result.problems[0]!.message).toMatch(/expected an array of events/);
  });
});

describe('timeline import: pasted lines', () => {
  it('reads ISO times with a zone, and times of day on the reference date in the given zone', () => {
    const text = [
      '2026-03-14T14:02:00Z Alert fired on checkout-api',
      '',
      '14:05 - decision: roll back cfg-2291',
      '  14:07:30  Rollback started',
      '9:15 Status page updated',
      '14:20Z Errors back to normal',
    ].join('\n');
    const result = parseTimelineImport(text, { referenceDate: '2026-03-14', timeZone: 'Europe/Berlin' });
    expect(result.format).toBe('lines');
    expect(result.problems).toEqual([]);
    expect(result.events.map(({ at, kind, text, line }) => ({ at, kind, text, line }))).toEqual([
      { at: '2026-03-14T14:02:00.000Z', kind: 'detection', text: 'Alert fired on checkout-api', line: 1 },
      { at: '2026-03-14T13:05:00.000Z', kind: 'decision', text: 'roll back cfg-2291', line: 3 },
      { at: '2026-03-14T13:07:30.000Z', kind: 'action', text: 'Rollback started', line: 4 },
      { at: '2026-03-14T08:15:00.000Z', kind: 'communication', text: 'Status page updated', line: 5 },
      { at: '2026-03-14T14:20:00.000Z', kind: 'action', text: 'Errors back to normal', line: 6 },
    ]);
  });

  it('reports lines without a time, and times of day when no reference date is set', () => {
    const result = parseTimelineImport('14:02 Alert fired\nsomething happened\n25:00 nope', { format: 'lines' });
    expect(result.events).toEqual([]);
    expect(result.problems.map(({ line, message }) => ({ line, message }))).toEqual([
      { line: 1, message: expect.stringContaining('has no date') },
      { line: 2, message: expect.stringContaining('must start with a time') },
      { line: 3, message: expect.stringContaining('has no date') },
    ]);
    const dated = parseTimelineImport('25:00 nope', { format: 'lines', referenceDate: '2026-03-14' });
    expect(dated.problems[0]!.message).toContain('not a valid time');
  });
});

describe('timeline import: kinds and zones', () => {
  it('guesses kinds from message words and falls back to other', () => {
    expect(guessTimelineKind('decision: roll back')).toBe('decision');
    expect(guessTimelineKind('[FIRING] latency')).toBe('detection');
    expect(guessTimelineKind('Status page updated')).toBe('communication');
    expect(guessTimelineKind('rollback started')).toBe('action');
    expect(guessTimelineKind('lunch')).toBe('other');
  });

  // The model's kinds: detection, action, decision, communication, impact, other. There is no
  // resolution or mitigation kind: recovering is an action, like a pager's resolve entry.
  it.each([
    // the sample chat export, message by message
    ['[FIRING] checkout-api p99 latency > 2s for 5m (eu-west-1)', 'detection'],
    ['ack, looking. error rate on /pay is climbing too', 'action'],
    ['DB connection pool for payments-db is saturated: 200/200 in use', 'other'],
    ["I'm IC. Declaring SEV2: customers cannot complete checkout in EU. Status page update in 10 min", 'decision'],
    ['support queue: 140 tickets about failed payments in the last 15 minutes', 'impact'],
    ['decision: roll back the config push rather than hotfix forward', 'decision'],
    ['rollback started via deploy pipeline', 'action'],
    ['pool usage back to 60/200, p99 latency 350ms. errors dropping', 'action'],
    ['mitigated. keeping the incident open while we replay the failed payment webhooks', 'action'],
    ['webhook replay finished, 1,873 payments reconciled, 12 need manual review', 'action'],
    // was 'detection' ("noticed"): a resolution is not a detection
    ['resolved. post-incident review on Monday; please add what you noticed to the board', 'action'],
    // the sample pager log's summaries, and the note
    ['Triggered through the API: checkout-api p99 latency > 2s', 'detection'],
    ['Notified Ana Ruiz by push notification', 'communication'],
    ['Acknowledged by Ana Ruiz', 'action'],
    ['Escalated to Payments on-call', 'action'],
    ['rolling back config push cfg-2291', 'action'],
    ['Resolved by Chen Li', 'action'],
    // the sample CSV's texts
    ['checkout-api p99 latency alert fires (eu-west-1)', 'detection'],
    ['Payment error rate reaches 38% in EU; customers cannot complete checkout', 'impact'],
    ['SEV2 declared; IC assigned', 'decision'],
    ['Status page: "Checkout recovering in EU"', 'communication'],
    ['Affected customers emailed', 'communication'],
    // recovery words mention the alert or what was noticed without being a detection
    ['[RESOLVED] checkout-api p99 latency', 'action'],
    ['Alert resolved', 'action'],
    ['latency alert recovered', 'action'],
    ['all clear from payments', 'action'],
    ['Errors back to normal', 'action'],
    ['Declared SEV2 — paging on-call', 'decision'],
    ['PagerDuty alert triggered for checkout-api', 'detection'],
    ['we noticed checkout failing', 'detection'],
    ['acked the page', 'action'],
  ])('guesses the kind of %j as %s', (text, kind) => {
    expect(guessTimelineKind(text)).toBe(kind);
  });

  it('guesses the kind of a CSV or JSON row that leaves the kind empty', () => {
    const csv = 'time,kind,text\n2026-03-14T10:00:15Z,,latency alert fires\n2026-03-14T11:27:00Z,,Resolved\n';
    expect(parseTimelineImport(csv).events.map((event) => event.kind)).toEqual(['detection', 'action']);
    const json =
      '[{"at":"2026-03-14T10:08:00Z","text":"SEV2 declared"},{"at":"2026-03-14T10:09:00Z","kind":"","text":"x"}]';
    expect(parseTimelineImport(json).events.map((event) => event.kind)).toEqual(['decision', 'other']);
  });

  it('converts wall-clock times in a zone to UTC, across daylight-saving changes', () => {
    expect(zonedTimeToIso('2026-03-14T14:02:00', 'UTC')).toBe('2026-03-14T14:02:00.000Z');
    expect(zonedTimeToIso('2026-03-14T14:02', 'America/New_York')).toBe('2026-03-14T18:02:00.000Z'); // EDT since 8 March
    expect(zonedTimeToIso('2026-01-14T14:02:00', 'America/New_York')).toBe('2026-01-14T19:02:00.000Z');
    expect(zonedTimeToIso('2026-03-29T12:00:00', 'Europe/Berlin')).toBe('2026-03-29T10:00:00.000Z');
    expect(zonedTimeToIso('2026-02-30T12:00:00', 'UTC')).toBeUndefined();
    expect(zonedTimeToIso('2026-03-14T12:00:00', 'Not/AZone')).toBeUndefined();
  });
});

describe('addImportedEvents', () => {
  it('adds every event in one transaction that reaches a peer as one update', () => {
    const doc = newReview();
    const peer = replicaOf(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    const { events } = parseTimelineImport(fixture('timeline.csv'));
    const ids = addImportedEvents(doc, events);
    expect(updates).toBe(1);
    expect(ids).toHaveLength(8);
    syncAll(doc, peer);
    expect(listTimeline(peer).map((event) => event.text)).toEqual(events.map((event) => event.text));
  });

  it('checks every event first and adds none when one is invalid', () => {
    const doc = newReview();
    const good = { at: '2026-03-14T10:00:00Z', kind: 'action' as const, text: 'ok', source: '' };
    const bad = { at: '10:00', kind: 'action' as const, text: 'no zone', source: '' };
    expect(() => addImportedEvents(doc, [good, bad])).toThrow(ReviewInputError);
    expect(listTimeline(doc)).toEqual([]);
  });
});
