import { describe, expect, it } from 'vitest';
import { keyTimesAsOf, knownAt, scrubRange, unseenAt } from './as-of';
import { durationViews } from './metrics';

const times = {
  started: '2024-05-01T10:00:00.000Z',
  detected: '2024-05-01T10:02:00.000Z',
  mitigated: '2024-05-01T10:30:00.000Z',
};
const push = { at: '2024-05-01T10:00:00.000Z' };
const alert = { at: '2024-05-01T10:02:00.000Z', learnedAt: '2024-05-01T10:19:00.000Z' };
const failover = { at: '2024-05-01T10:25:00.000Z' };
const events = [push, alert, failover];

describe('the review as of an instant', () => {
  it('knows an event from when the team learned of it', () => {
    expect(events.filter((event) => knownAt(event, '2024-05-01T10:10:00.000Z'))).toEqual([push]);
    expect(events.filter((event) => knownAt(event, '2024-05-01T10:19:00.000Z'))).toEqual([push, alert]);
  });

  it('reaches detected only once the detection was seen, and derives durations from what was reached', () => {
    const early = keyTimesAsOf(times, events, '2024-05-01T10:10:00.000Z');
    expect(early).toEqual({ started: times.started });
    expect(durationViews(early, events)[0]?.text).toBeNull();
    const later = keyTimesAsOf(times, events, '2024-05-01T10:20:00.000Z');
    expect(later).toEqual({ started: times.started, detected: times.detected });
    expect(durationViews(later, events).map((view) => view.text)).toEqual(['19m', null, null]);
    expect(keyTimesAsOf(times, events, '2024-05-01T11:00:00Z')).toEqual(times);
  });

  it('lists what had happened by an instant but was not yet known', () => {
    expect(unseenAt(events, '2024-05-01T10:10:00.000Z')).toEqual([alert]);
    expect(unseenAt(events, '2024-05-01T10:19:00.000Z')).toEqual([]);
    expect(unseenAt(events, '2024-05-01T10:01:00.000Z')).toEqual([]);
  });

  it('spans the earliest event or key time to the last thing learned', () => {
    expect(scrubRange(times, [alert])).toEqual({ from: times.started, to: '2024-05-01T10:30:00.000Z' });
    expect(scrubRange({}, [alert])).toEqual({ from: alert.at, to: alert.learnedAt });
    expect(scrubRange({}, [])).toBeNull();
  });
});
