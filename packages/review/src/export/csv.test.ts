import { describe, expect, it } from 'vitest';
import { actionsCsv, csvCell } from './csv';
import { buildSampleReview } from '../testing/export-sample';
import { toExport } from './to-export';

describe('csvCell', () => {
  it('leaves plain values bare', () => {
    expect(csvCell('Alert on error rate')).toBe('Alert on error rate');
    expect(csvCell('')).toBe('');
  });

  it('quotes values with commas, quotes or line breaks and doubles their quotes', () => {
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('one\r\ntwo')).toBe('"one\r\ntwo"');
  });

  it('prefixes a value a spreadsheet would run as a formula with an apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}SUM(A1:A9)`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('-5 days')).toBe("'-5 days");
    // only at the very start
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('actionsCsv', () => {
  const csv = actionsCsv(toExport(buildSampleReview()));

  it('has the header row and one record per action, CRLF terminated', () => {
    const records = csv.split('\r\n');
    expect(records[0]).toBe('title,owner,due,status,priority,type,root cause,findings');
    expect(records.at(-1)).toBe('');
    expect(records).toHaveLength(1 + 5 + 1);
  });

  it('joins linked root causes and findings, and guards formulas', () => {
    expect(csv).toContain(
      'Require review and a canary stage for payments database config pushes,Priya,2026-03-28,in-progress,P1,prevent,Config changes,Config push went out without review; No canary for configuration changes\r\n',
    );
    expect(csv).toContain('"\'=HYPERLINK(');
    expect(csv).not.toMatch(/(^|\r\n|,)=/);
  });
});
