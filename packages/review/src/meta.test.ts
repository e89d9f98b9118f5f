import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { metaMap } from './doc';
import { keyTimesByInstant, readMeta, setKeyTime, setSeverity, setTitle, titleText } from './meta';
import { closeReview, readControl, reopenReview } from './control';
import { newReview, replicaOf, syncAll } from './testing/docs';
import { ReviewInputError } from './validate';

describe('readMeta', () => {
  it('reads a new review with its defaults and the title as a plain string', () => {
    expect(readMeta(newReview('Checkout outage'))).toEqual({
      title: 'Checkout outage',
      severity: 'SEV3',
      status: 'live',
      times: {},
    });
  });

  it('reads an empty doc as defaults with an empty title', () => {
    expect(readMeta(new Y.Doc())).toMatchObject({ title: '', severity: 'SEV3', times: {} });
  });

  it('defaults every malformed field instead of throwing', () => {
    const doc = new Y.Doc();
    const meta = metaMap(doc);
    meta.set('title', 42);
    meta.set('severity', 'SEV9');
    meta.set('status', null);
    meta.set('started', 'not a date');
    meta.set('detected', 12345);
    meta.set('mitigated', '2024-05-01T16:00:00+02:00');
    expect(readMeta(doc)).toEqual({
      title: '',
      severity: 'SEV3',
      status: 'live',
      times: { mitigated: '2024-05-01T14:00:00.000Z' },
    });
    meta.set('title', 'plain string title');
    expect(readMeta(doc)).toMatchObject({ title: 'plain string title' });
  });
});

describe('title', () => {
  it('sets the title by minimal diff, keeping the same Y.Text', () => {
    const doc = newReview('Checkout outage');
    const text = titleText(doc);
    setTitle(doc, 'Checkout outage in EU');
    expect(titleText(doc)).toBe(text);
    expect(readMeta(doc).title).toBe('Checkout outage in EU');
  });

  it('merges concurrent typing into the title from two replicas', () => {
    const a = newReview('outage');
    const b = replicaOf(a);
    setTitle(a, 'Checkout outage');
    setTitle(b, 'outage on May 1');
    syncAll(a, b);
    expect(readMeta(a).title).toBe('Checkout outage on May 1');
    expect(readMeta(b).title).toBe('Checkout outage on May 1');
  });

  it('rejects a title over 200 characters', () => {
    const doc = newReview('ok');
    expect(() => setTitle(doc, 'x'.repeat(201))).toThrow(ReviewInputError);
    expect(readMeta(doc).title).toBe('ok');
  });

  it('gives a detached Y.Text before initialisation instead of racing the real title', () => {
    const doc = new Y.Doc();
    const detached = titleText(doc);
    expect(detached.doc).toBeNull();
    expect(metaMap(doc).has('title')).toBe(false);
  });

  it('repairs a malformed stored title into a Y.Text holding its string', () => {
    const doc = newReview('x');
    metaMap(doc).set('title', 'plain');
    const text = titleText(doc);
    expect(text).toBeInstanceOf(Y.Text);
    expect(text.toString()).toBe('plain');
    expect(metaMap(doc).get('title')).toBe(text);
    metaMap(doc).set('title', 'plain again');
    setTitle(doc, 'typed');
    expect(metaMap(doc).get('title')).toBeInstanceOf(Y.Text);
    expect(readMeta(doc).title).toBe('typed');
  });
});

describe('meta setters', () => {
  it('set each field', () => {
    const doc = newReview();
    setSeverity(doc, 'SEV1');
    expect(readMeta(doc)).toMatchObject({ severity: 'SEV1', status: 'live' });
  });

  it('read the status from the server-owned controls, not from a client-written meta field', () => {
    const doc = newReview();
    metaMap(doc).set('status', 'closed');
    expect(readMeta(doc).status).toBe('live');
    closeReview(doc, { by: 'Priya', at: '2026-03-14T16:00:00Z' });
    expect(readMeta(doc).status).toBe('closed');
    expect(readControl(doc)).toMatchObject({
      status: 'closed',
      closedBy: 'Priya',
      closedAt: '2026-03-14T16:00:00.000Z',
      phase: 'closed',
    });
    reopenReview(doc);
    expect(readControl(doc)).toMatchObject({ status: 'live', closedBy: null, closedAt: null, phase: 'actions' });
  });

  it('reject values outside their enum or range', () => {
    const doc = newReview();
    expect(() => setSeverity(doc, 'SEV5' as never)).toThrow(ReviewInputError);
    expect(readMeta(doc)).toMatchObject({ severity: 'SEV3', status: 'live' });
  });
});

describe('setKeyTime', () => {
  it('stores key times normalised to UTC and clears them with null (key absent)', () => {
    const doc = newReview();
    setKeyTime(doc, 'started', '2024-05-01T14:00:00+02:00');
    setKeyTime(doc, 'resolved', '2024-05-01T15:30Z');
    expect(readMeta(doc).times).toEqual({
      started: '2024-05-01T12:00:00.000Z',
      resolved: '2024-05-01T15:30:00.000Z',
    });
    expect(metaMap(doc).get('started')).toBe('2024-05-01T12:00:00.000Z');
    setKeyTime(doc, 'started', null);
    expect(metaMap(doc).has('started')).toBe(false);
    expect(readMeta(doc).times).toEqual({ resolved: '2024-05-01T15:30:00.000Z' });
  });

  it('rejects an unknown key or a timestamp without a zone', () => {
    const doc = newReview();
    expect(() => setKeyTime(doc, 'ended' as never, '2024-05-01T15:30Z')).toThrow(ReviewInputError);
    expect(() => setKeyTime(doc, 'started', '2024-05-01T15:30')).toThrow(/started must be an ISO 8601/);
  });
});

describe('keyTimesByInstant', () => {
  const at = '2026-03-14T10:00:15.000Z';

  it('groups key times by instant', () => {
    expect(keyTimesByInstant({ started: at, detected: at, resolved: '2026-03-14T11:27:00.000Z' }).get(at)).toEqual([
      'started',
      'detected',
    ]);
  });
});
