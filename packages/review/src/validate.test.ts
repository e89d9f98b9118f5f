import { describe, expect, it } from 'vitest';
import {
  checkDueDate,
  checkEnum,
  checkInteger,
  checkIsoTimestamp,
  checkObject,
  checkString,
  parseIsoTimestamp,
  ReviewInputError,
} from './validate';

describe('ISO timestamps', () => {
  it('normalises UTC and offset forms to toISOString form', () => {
    expect(parseIsoTimestamp('2024-05-01T14:03:00Z')).toBe('2024-05-01T14:03:00.000Z');
    expect(parseIsoTimestamp('2024-05-01T14:03Z')).toBe('2024-05-01T14:03:00.000Z');
    expect(parseIsoTimestamp('2024-05-01T14:03:07.123456Z')).toBe('2024-05-01T14:03:07.123Z');
    expect(parseIsoTimestamp('2024-05-01T16:03:00+02:00')).toBe('2024-05-01T14:03:00.000Z');
    expect(parseIsoTimestamp('2024-05-01T00:30:00-0130')).toBe('2024-05-01T02:00:00.000Z');
    expect(parseIsoTimestamp('2024-01-01T00:30:00+01:00')).toBe('2023-12-31T23:30:00.000Z');
  });

  it('rejects missing zones, impossible dates and non-ISO text', () => {
    for (const bad of [
      '2024-05-01T14:03:00', // local time differs between replicas
      '2024-05-01',
      '2024-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-05-01T24:00:00Z',
      '2024-05-01T12:60:00Z',
      '2024-05-01T12:00:60Z',
      'May 1, 2024',
      '',
    ]) {
      expect(parseIsoTimestamp(bad), bad).toBeUndefined();
    }
    expect(parseIsoTimestamp('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('throws ReviewInputError naming the field for a bad timestamp', () => {
    expect(() => checkIsoTimestamp('at', 'yesterday')).toThrow(ReviewInputError);
    expect(() => checkIsoTimestamp('at', 1714572180000)).toThrow(/at must be an ISO 8601 date-time/);
  });
});

describe('field checks', () => {
  it('accepts enum members only', () => {
    expect(checkEnum('severity', 'SEV1', ['SEV1', 'SEV2'])).toBe('SEV1');
    expect(() => checkEnum('severity', 'SEV9', ['SEV1', 'SEV2'])).toThrow(
      'severity must be one of SEV1, SEV2; got "SEV9"',
    );
  });

  it('caps string length and rejects non-strings', () => {
    expect(checkString('text', 'x'.repeat(10), 10)).toHaveLength(10);
    expect(() => checkString('text', 'x'.repeat(11), 10)).toThrow('text must be at most 10 characters; got 11');
    expect(() => checkString('text', 42, 10)).toThrow(ReviewInputError);
  });

  it('accepts integers in range only', () => {
    expect(checkInteger('votes', 20, 1, 20)).toBe(20);
    for (const bad of [0, 21, 2.5, Number.NaN, '3'])
      expect(() => checkInteger('votes', bad, 1, 20)).toThrow(ReviewInputError);
  });

  it('accepts real calendar due dates or empty', () => {
    expect(checkDueDate('due', '2024-12-31')).toBe('2024-12-31');
    expect(checkDueDate('due', '')).toBe('');
    for (const bad of ['2024-12-32', '2024-02-30', '31/12/2024', '2024-12-31T00:00:00Z', null]) {
      expect(() => checkDueDate('due', bad), String(bad)).toThrow(ReviewInputError);
    }
  });

  it('rejects a null or array input object', () => {
    expect(() => checkObject('patch', null as unknown as object)).toThrow('patch must be an object');
    expect(() => checkObject('patch', [] as object)).toThrow(ReviewInputError);
  });
});
