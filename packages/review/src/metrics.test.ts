import { describe, expect, it } from 'vitest';
import type { Finding, TimelineEvent } from './schema';
import {
  detectionLearnedAt,
  durationViews,
  findingsByCategory,
  formatDuration,
  incidentDurations,
  learnedGapText,
  sortTimeline,
} from './metrics';
import { newReview } from './testing/docs';
import { addTimelineEvent, listTimeline } from './timeline';

const event = (id: string, at: string): TimelineEvent => ({ id, at, kind: 'other', text: id, source: '' });

describe('sortTimeline', () => {
  it('orders events inserted out of order by time', () => {
    const doc = newReview();
    addTimelineEvent(doc, { at: '2024-05-01T15:00:00Z', kind: 'action', text: 'rollback' });
    addTimelineEvent(doc, { at: '2024-05-01T13:00:00Z', kind: 'impact', text: 'errors start' });
    addTimelineEvent(doc, { at: '2024-05-01T16:00:00+02:00', kind: 'detection', text: 'alert' });
    expect(sortTimeline(listTimeline(doc)).map((item) => item.text)).toEqual(['errors start', 'alert', 'rollback']);
    expect(listTimeline(doc).map((item) => item.text)).toEqual(['rollback', 'errors start', 'alert']);
  });

  it('breaks ties by id so every replica shows the same order, and does not mutate its input', () => {
    const input = [
      event('b', '2024-05-01T15:00:00.000Z'),
      event('a', '2024-05-01T15:00:00.000Z'),
      event('c', '2024-05-01T14:00:00.000Z'),
    ];
    expect(sortTimeline(input).map((item) => item.id)).toEqual(['c', 'a', 'b']);
    expect(input.map((item) => item.id)).toEqual(['b', 'a', 'c']);
  });

  it('compares instants, not strings, and puts unparseable times last', () => {
    const input = [
      event('bad', 'soon'),
      event('late', '2024-05-01T15:00:00Z'),
      event('early', '2024-05-01T16:00:00+02:00'),
    ];
    expect(sortTimeline(input).map((item) => item.id)).toEqual(['early', 'late', 'bad']);
  });
});

describe('incidentDurations', () => {
  it('measures detect, mitigate and resolve from the start', () => {
    expect(
      incidentDurations({
        started: '2024-05-01T12:00:00.000Z',
        detected: '2024-05-01T12:05:00.000Z',
        mitigated: '2024-05-01T12:45:00.000Z',
        resolved: '2024-05-01T14:00:00.000Z',
      }),
    ).toEqual({ timeToDetectMs: 5 * 60_000, timeToMitigateMs: 45 * 60_000, timeToResolveMs: 2 * 3_600_000 });
  });

  it('is null when either time is missing or unparseable', () => {
    expect(incidentDurations({})).toEqual({ timeToDetectMs: null, timeToMitigateMs: null, timeToResolveMs: null });
    expect(incidentDurations({ detected: '2024-05-01T12:05:00Z', resolved: '2024-05-01T14:00:00Z' })).toEqual({
      timeToDetectMs: null,
      timeToMitigateMs: null,
      timeToResolveMs: null,
    });
    expect(
      incidentDurations({ started: '2024-05-01T12:00:00Z', detected: '2024-05-01T12:05:00Z', resolved: 'later' }),
    ).toEqual({
      timeToDetectMs: 300_000,
      timeToMitigateMs: null,
      timeToResolveMs: null,
    });
  });

  it('returns a negative duration for times entered out of order', () => {
    expect(
      incidentDurations({ started: '2024-05-01T12:00:00Z', detected: '2024-05-01T11:59:00Z' }).timeToDetectMs,
    ).toBe(-60_000);
  });

  it('ends time to detect when the team learned of the event at the detected time, and only that one', () => {
    const times = {
      started: '2024-05-01T10:00:00.000Z',
      detected: '2024-05-01T10:02:00.000Z',
      mitigated: '2024-05-01T10:30:00.000Z',
    };
    const alert = { ...event('alert', '2024-05-01T10:02:00.000Z'), learnedAt: '2024-05-01T10:19:00.000Z' };
    const fix = { ...event('fix', '2024-05-01T10:30:00.000Z'), learnedAt: '2024-05-01T10:45:00.000Z' };
    const elsewhere = { ...event('other', '2024-05-01T10:05:00.000Z'), learnedAt: '2024-05-01T10:06:00.000Z' };
    expect(incidentDurations(times, [alert, fix, elsewhere])).toEqual({
      timeToDetectMs: 19 * 60_000,
      timeToMitigateMs: 30 * 60_000,
      timeToResolveMs: null,
    });
    expect(incidentDurations(times, [elsewhere]).timeToDetectMs).toBe(2 * 60_000);
    // two events at the detected time: the team learned when the first of them was seen
    const page = { ...event('page', '2024-05-01T10:02:00.000Z'), learnedAt: '2024-05-01T10:11:00.000Z' };
    expect(detectionLearnedAt(times, [alert, page])).toBe('2024-05-01T10:11:00.000Z');
    expect(durationViews(times, [alert])[0]?.text).toBe('19m');
  });
});

describe('learnedGapText', () => {
  it('says how long after it happened an event was seen', () => {
    const at = '2024-05-01T10:02:00.000Z';
    expect(learnedGapText({ at })).toBeNull();
    expect(learnedGapText({ at, learnedAt: '2024-05-01T10:19:00.000Z' })).toBe('seen 17m later');
    expect(learnedGapText({ at, learnedAt: at })).toBe('seen at once');
    expect(learnedGapText({ at, learnedAt: '2024-05-01T10:00:00.000Z' })).toBe('seen 2m before it happened');
  });
});

describe('findingsByCategory', () => {
  it('groups findings under every category, keeping input order', () => {
    const finding = (id: string, category: Finding['category']): Finding => ({
      id,
      category,
      text: id,
      groupId: null,
      createdAt: '2024-05-01T00:00:00.000Z',
    });
    const grouped = findingsByCategory([finding('1', 'lucky'), finding('2', 'went-wrong'), finding('3', 'lucky')]);
    expect(Object.keys(grouped).sort()).toEqual(['contributing-factor', 'lucky', 'went-well', 'went-wrong']);
    expect(grouped.lucky.map((item) => item.id)).toEqual(['1', '3']);
    expect(grouped['went-wrong'].map((item) => item.id)).toEqual(['2']);
    expect(grouped['went-well']).toEqual([]);
  });
});

describe('formatDuration', () => {
  it('formats seconds, minutes, hours and days', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(59_999)).toBe('59s');
    expect(formatDuration(12 * 60_000 + 30_000)).toBe('12m');
    expect(formatDuration(3_600_000 + 5 * 60_000)).toBe('1h 05m');
    expect(formatDuration(2 * 3_600_000)).toBe('2h 00m');
    expect(formatDuration(26 * 3_600_000 + 60_000)).toBe('1d 02h');
  });

  it('marks negative durations and shows a dash for non-finite ones', () => {
    expect(formatDuration(-90_000)).toBe('-1m');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('durationViews', () => {
  it('formats the three durations from the start and flags ones out of order', () => {
    const views = durationViews({
      started: '2026-03-02T08:00:00.000Z',
      detected: '2026-03-02T08:12:00.000Z',
      mitigated: '2026-03-02T07:55:00.000Z',
    });
    expect(views.map((view) => [view.name, view.text, view.outOfOrder])).toEqual([
      ['detect', '12m', false],
      ['mitigate', '-5m', true],
      ['resolve', null, false],
    ]);
  });
});
