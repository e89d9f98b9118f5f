import { describe, expect, it } from 'vitest';
import { count, cssString } from './format';

describe('cssString', () => {
  it('quotes text for a CSS content value, escaping what would end the string or the style element', () => {
    expect(cssString('Checkout outage')).toBe('"Checkout outage"');
    expect(cssString('Say "hi" \\ bye')).toBe('"Say \\"hi\\" \\\\ bye"');
    expect(cssString('two\nlines')).toBe('"two lines"');
    expect(cssString('</style>')).toBe('"\\3C /style>"');
  });
});

describe('count', () => {
  it('uses the singular for one and the plural otherwise', () => {
    expect(count(1, 'finding')).toBe('1 finding');
    expect(count(0, 'finding')).toBe('0 findings');
    expect(count(2, 'root cause')).toBe('2 root causes');
    expect(count(3, 'entry', 'entries')).toBe('3 entries');
  });
});
