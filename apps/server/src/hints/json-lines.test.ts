import { describe, expect, it } from 'vitest';
import { hintJsonLines } from './json-lines';

describe('hintJsonLines', () => {
  it('prints one line per input with its hints, keeping the other fields', () => {
    const input = [
      JSON.stringify({ text: 'Dave broke prod.', id: 7 }),
      '',
      JSON.stringify({ text: 'Dave restarted the pods at 10:42.' }),
    ].join('\n');
    const { lines, errorCount } = hintJsonLines(input);
    expect(errorCount).toBe(0);
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first).toMatchObject({
      id: 7,
      text: 'Dave broke prod.',
      hints: [{ start: 0, end: 10, kind: 'person-as-cause' }],
    });
    expect(second).toEqual({ text: 'Dave restarted the pods at 10:42.', hints: [] });
  });

  it('answers a malformed line in its place, naming the line', () => {
    const { lines, errorCount } = hintJsonLines('{"text": 3}\nnot json\n{"text": "fine"}\n');
    expect(errorCount).toBe(2);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { line: 1, error: 'expected an object with a string "text"' },
      { line: 2, error: expect.stringMatching(/^not JSON/) },
      { text: 'fine', hints: [] },
    ]);
  });
});
