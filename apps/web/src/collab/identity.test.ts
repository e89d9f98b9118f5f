import { describe, expect, it } from 'vitest';
import {
  initialsOf,
  normaliseDisplayName,
  pickColor,
  PRESENCE_COLORS,
  DISPLAY_NAME_MAX_LENGTH,
  rejoinDelayMs,
} from './identity';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('identity', () => {
  it('rejoins under a new identity after 0.5 to 3 s, across the whole range', () => {
    // The range's ends, its middle and the largest double below 1 (Math.random never returns 1).
    expect(rejoinDelayMs(0)).toBe(500);
    expect(rejoinDelayMs(0.5)).toBe(1750);
    const longest = rejoinDelayMs(1 - Number.EPSILON);
    expect(longest).toBeLessThanOrEqual(3000);
    expect(longest).toBeGreaterThan(2999);
  });

  it('tidies names and caps their length', () => {
    expect(normaliseDisplayName('  Ada   Lovelace ')).toBe('Ada Lovelace');
    expect(normaliseDisplayName('x'.repeat(100))).toHaveLength(DISPLAY_NAME_MAX_LENGTH);
    expect(normaliseDisplayName('   ')).toBe('');
  });

  it('derives one or two initials, including non-Latin and astral characters', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('grace')).toBe('G');
    expect(initialsOf('Jean-Luc de la Tour')).toBe('JT');
    expect(initialsOf('Bob (SRE)')).toBe('BS');
    expect(initialsOf('!!!')).toBe('?');
    expect(initialsOf('𝒜lex')).toBe('𝒜');
    expect(initialsOf('')).toBe('?');
  });

  it('picks colours from the palette, all readable under white initials', () => {
    expect(PRESENCE_COLORS).toContain(pickColor(0));
    expect(PRESENCE_COLORS).toContain(pickColor(0.9999));
    for (const color of PRESENCE_COLORS) {
      const contrast = 1.05 / (luminance(color) + 0.05);
      expect(contrast, color).toBeGreaterThanOrEqual(4.5);
    }
  });
});
