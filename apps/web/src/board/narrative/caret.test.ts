import { describe, expect, it } from 'vitest';
import { caretColor, caretName, labelTextColor } from './caret';

describe('narrative caret', () => {
  it('accepts plain hex colours and replaces anything else with a neutral grey', () => {
    expect(caretColor('#1f6fd1')).toBe('#1f6fd1');
    expect(caretColor('#abc')).toBe('#abc');
    expect(caretColor('red; background: url(x)')).toBe('#6b7280');
    expect(caretColor(42)).toBe('#6b7280');
  });

  it('picks the label text colour with the better contrast', () => {
    expect(labelTextColor('#ffd400')).toBe('#000000');
    expect(labelTextColor('#1f3a93')).toBe('#ffffff');
    expect(labelTextColor('#fff')).toBe('#000000');
  });

  it('never shows an empty name', () => {
    expect(caretName('  Ada ')).toBe('Ada');
    expect(caretName('')).toBe('Someone');
    expect(caretName(undefined)).toBe('Someone');
  });
});
